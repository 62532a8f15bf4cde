// Small types whose namespaces use each other in known ways, read back from this test assembly by
// NamespaceGraphReaderTests. Each target namespace is reached by one kind of use only.

namespace Orchestron.Architecture.Tests.Support.Fixtures.ByBase
{
    public class Base;
}

namespace Orchestron.Architecture.Tests.Support.Fixtures.ByInterface
{
    public interface IContract;
}

namespace Orchestron.Architecture.Tests.Support.Fixtures.ByField
{
    public sealed class Stored;
}

namespace Orchestron.Architecture.Tests.Support.Fixtures.BySignature
{
    public sealed class Argument;
}

namespace Orchestron.Architecture.Tests.Support.Fixtures.ByCall
{
    public static class Service
    {
        public static int Answer() => 42;
    }
}

namespace Orchestron.Architecture.Tests.Support.Fixtures.ByGenericArgument
{
    public sealed class Item;
}

namespace Orchestron.Architecture.Tests.Support.Fixtures.ByLambda
{
    public sealed class Captured
    {
        public int Value { get; init; }
    }
}

namespace Orchestron.Architecture.Tests.Support.Fixtures.ByAsync
{
    public static class Awaited
    {
        public static Task<int> ValueAsync() => Task.FromResult(1);
    }
}

namespace Orchestron.Architecture.Tests.Support.Fixtures.Source
{
    using Orchestron.Architecture.Tests.Support.Fixtures.ByAsync;
    using Orchestron.Architecture.Tests.Support.Fixtures.ByBase;
    using Orchestron.Architecture.Tests.Support.Fixtures.ByCall;
    using Orchestron.Architecture.Tests.Support.Fixtures.ByField;
    using Orchestron.Architecture.Tests.Support.Fixtures.ByGenericArgument;
    using Orchestron.Architecture.Tests.Support.Fixtures.ByInterface;
    using Orchestron.Architecture.Tests.Support.Fixtures.ByLambda;
    using Orchestron.Architecture.Tests.Support.Fixtures.BySignature;

    public class Derived : Base;

    public sealed class Implementation : IContract;

    public sealed class Holder
    {
        public Stored? Stored { get; set; }
    }

    public static class Signatures
    {
        public static void Take(Argument argument) => ArgumentNullException.ThrowIfNull(argument);
    }

    public static class Caller
    {
        public static int Call() => Service.Answer();
    }

    public static class Generic
    {
        public static int Count() => new List<Item>().Count;
    }

    public static class Lambdas
    {
        // Only the closure the compiler nests in this type touches Captured.
        public static Func<object> Make() => () => new Captured { Value = 1 };
    }

    public static class Asynchronous
    {
        // Only the state machine the compiler nests in this type calls Awaited.
        public static async Task<int> RunAsync() => await Awaited.ValueAsync().ConfigureAwait(false) + 1;
    }

    public static class UsesTheGlobalNamespace
    {
        public static string Name() => nameof(GlobalFixture) + new GlobalFixture().GetHashCode();
    }
}

/// <summary>A type in the global namespace, where the libraries keep their native interop.</summary>
public sealed class GlobalFixture;
