using System.Reflection;
using System.Reflection.Emit;

namespace Orchestron.WebRtc.Tests;

/// <summary>
/// The package is layered like the protocols: no namespace depends, directly or through others, on one that
/// depends back on it. Read from the compiled assembly (signatures and method bodies), so nothing hides in a lambda.
/// </summary>
public sealed class NamespaceLayeringTests
{
    // The native interop layer (Interop and the SafeHandles it hands to Opus and Dtls.Native) is being reshaped on
    // its own; cycles that stay entirely inside it are not this test's business, any other cycle is.
    private static readonly HashSet<string> InteropLayer =
        ["Orchestron.WebRtc.Interop", "Orchestron.WebRtc.Opus", "Orchestron.WebRtc.Dtls", "Orchestron.WebRtc.Dtls.Native"];

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    [Fact]
    public void No_namespace_depends_on_one_that_depends_back_on_it()
    {
        var graph = DependencyGraph(typeof(WebRtcAudioSender).Assembly);
        var cycles = (
            from a in graph.Keys
            from b in Reachable(graph, a)
            where string.CompareOrdinal(a, b) < 0 && Reachable(graph, b).Contains(a)
            where !(InteropLayer.Contains(a) && InteropLayer.Contains(b))
            select $"{a} <-> {b}").ToList();

        Assert.True(cycles.Count == 0, "Namespace cycles: " + string.Join("; ", cycles));
    }

    [Fact]
    public void The_transport_knows_nothing_of_sessions_or_listeners()
    {
        var graph = DependencyGraph(typeof(WebRtcAudioSender).Assembly);

        Assert.DoesNotContain("Orchestron.WebRtc", Reachable(graph, "Orchestron.WebRtc.Transport"));
    }

    private static HashSet<string> Reachable(Dictionary<string, HashSet<string>> graph, string from)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>(graph.GetValueOrDefault(from, []));
        while (pending.TryPop(out var next))
        {
            if (seen.Add(next))
            {
                foreach (var further in graph.GetValueOrDefault(next, []))
                {
                    pending.Push(further);
                }
            }
        }

        return seen;
    }

    private static Dictionary<string, HashSet<string>> DependencyGraph(Assembly assembly)
    {
        var graph = new Dictionary<string, HashSet<string>>();
        foreach (var type in assembly.GetTypes().Where(t => t.Namespace is not null))
        {
            var edges = graph.TryGetValue(type.Namespace!, out var known) ? known : graph[type.Namespace!] = [];
            foreach (var used in ReferencedTypes(type).SelectMany(Flatten))
            {
                if (used.Assembly == assembly && used.Namespace is { } target && target != type.Namespace)
                {
                    edges.Add(target);
                }
            }
        }

        return graph;
    }

    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is { } baseType)
        {
            yield return baseType;
        }

        foreach (var contract in type.GetInterfaces())
        {
            yield return contract;
        }

        foreach (var field in type.GetFields(All))
        {
            yield return field.FieldType;
        }

        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (method is MethodInfo info)
            {
                yield return info.ReturnType;
            }

            foreach (var parameter in method.GetParameters())
            {
                yield return parameter.ParameterType;
            }

            foreach (var local in method.GetMethodBody()?.LocalVariables ?? [])
            {
                yield return local.LocalType;
            }

            foreach (var used in TypesInBody(method))
            {
                yield return used;
            }
        }
    }

    /// <summary>The types whose members or tokens a method body uses, found by walking its IL.</summary>
    private static IEnumerable<Type> TypesInBody(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            return [];
        }

        var found = new List<Type>();
        var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var code = OpCodesByValue[value];
            if (code.OperandType is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok)
            {
                var member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                found.Add(member as Type ?? member!.DeclaringType!);
                if (member is MethodInfo { IsGenericMethod: true } generic)
                {
                    found.AddRange(generic.GetGenericArguments());
                }
            }

            at += code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
                _ => 4,
            };
        }

        return found;
    }

    /// <summary>A type and every type it is built from: generic arguments, array and pointer elements.</summary>
    private static IEnumerable<Type> Flatten(Type type)
    {
        if (type.HasElementType)
        {
            return Flatten(type.GetElementType()!);
        }

        if (type.IsGenericParameter)
        {
            return [];
        }

        return type.IsConstructedGenericType
            ? type.GetGenericArguments().SelectMany(Flatten).Prepend(type.GetGenericTypeDefinition())
            : [type];
    }
}
