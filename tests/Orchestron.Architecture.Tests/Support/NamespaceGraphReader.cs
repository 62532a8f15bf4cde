using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Orchestron.Architecture.Tests.Support;

/// <summary>Reads which namespace of an assembly uses which, from the assembly's metadata and IL.</summary>
internal static class NamespaceGraphReader
{
    public static NamespaceGraph Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var image = new PEReader(stream);
        var reader = image.GetMetadataReader();
        var graph = new NamespaceGraph();
        foreach (var handle in reader.TypeDefinitions)
        {
            // Nested types, among them the compiler's closures and state machines, belong to their outermost type.
            var owner = OutermostType(reader, handle);
            if (IsAddedByCompiler(reader, owner))
            {
                continue;
            }

            var from = NamespaceOf(reader, owner);
            graph.AddNamespace(from);
            var used = new UsedTypeDefinitions(reader, image);
            used.AddUsesOf(handle);
            foreach (var target in used.Found.Select(found => OutermostType(reader, found)))
            {
                if (!IsAddedByCompiler(reader, target))
                {
                    graph.AddUse(from, NamespaceOf(reader, target), $"{NameOf(reader, owner)} uses {NameOf(reader, target)}");
                }
            }
        }

        return graph;
    }

    private static TypeDefinitionHandle OutermostType(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var declaring = reader.GetTypeDefinition(handle).GetDeclaringType();
        return declaring.IsNil ? handle : OutermostType(reader, declaring);
    }

    private static string NamespaceOf(MetadataReader reader, TypeDefinitionHandle handle) =>
        reader.GetString(reader.GetTypeDefinition(handle).Namespace);

    private static string NameOf(MetadataReader reader, TypeDefinitionHandle handle) =>
        reader.GetString(reader.GetTypeDefinition(handle).Name);

    /// <summary>
    /// Types the compiler or a source generator adds: the module type, the global helpers (static data,
    /// anonymous types, collection literals), embedded attributes, and a generator's file-local helpers (such as
    /// ASP.NET Core's route handlers, which intercept the calls that map them). They serve whichever namespace
    /// calls them, so edges through them are not the code's own.
    /// </summary>
    private static bool IsAddedByCompiler(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var name = reader.GetString(type.Name);
        if (name is "<Module>" or "<PrivateImplementationDetails>" || name.StartsWith("<>", StringComparison.Ordinal))
        {
            return true;
        }

        var attributes = type.GetCustomAttributes()
            .Select(attribute => AttributeTypeName(reader, reader.GetCustomAttribute(attribute).Constructor))
            .ToList();
        var isFileLocal = name.StartsWith('<');
        return attributes.Contains("Microsoft.CodeAnalysis.EmbeddedAttribute")
            || (isFileLocal && attributes.Contains("System.CodeDom.Compiler.GeneratedCodeAttribute"));
    }

    private static string AttributeTypeName(MetadataReader reader, EntityHandle constructor)
    {
        switch (constructor.Kind)
        {
            case HandleKind.MethodDefinition:
                var definition = reader.GetTypeDefinition(reader.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType());
                return $"{reader.GetString(definition.Namespace)}.{reader.GetString(definition.Name)}";
            case HandleKind.MemberReference when reader.GetMemberReference((MemberReferenceHandle)constructor).Parent.Kind == HandleKind.TypeReference:
                var reference = reader.GetTypeReference((TypeReferenceHandle)reader.GetMemberReference((MemberReferenceHandle)constructor).Parent);
                return $"{reader.GetString(reference.Namespace)}.{reader.GetString(reference.Name)}";
            default:
                return "";
        }
    }
}
