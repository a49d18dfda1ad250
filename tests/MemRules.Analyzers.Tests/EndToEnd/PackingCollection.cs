using Xunit;

namespace MemRules.Analyzers.Tests.EndToEnd
{
    /// <summary>
    /// The tests that use the packed src/MemRules.Analyzers.Package: xunit runs test classes in parallel, and two
    /// packs of the same projects at once would write the same obj/ and bin/ folders. They share one pack
    /// (<see cref="PackedPackage"/>).
    /// </summary>
    [CollectionDefinition(Name)]
    public sealed class PackingCollection : ICollectionFixture<PackedPackage>
    {
        public const string Name = "Packs the package";
    }
}
