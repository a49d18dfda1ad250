using Xunit;

namespace MemRules.Analyzers.Tests.EndToEnd
{
    /// <summary>
    /// The tests that pack src/MemRules.Analyzers.Package: xunit runs test classes in parallel, and two
    /// packs of the same projects at once would write the same obj/ and bin/ folders.
    /// </summary>
    [CollectionDefinition(Name)]
    public sealed class PackingCollection
    {
        public const string Name = "Packs the package";
    }
}
