using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace MemRules.Analyzers.Tests.Verifiers
{
    /// <summary>
    /// Reference assemblies from the SDK's <c>packs/Microsoft.NETCore.App.Ref</c> (the newest version),
    /// found next to the running runtime; loaded once per test run.
    /// </summary>
    public static class ReferenceAssemblies
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> NetCoreApp = new(Load);

        public static ImmutableArray<MetadataReference> Net => NetCoreApp.Value;

        /// <summary>The folder of reference dlls, for tools that need paths rather than references.</summary>
        public static string Directory => FindDirectory();

        private static ImmutableArray<MetadataReference> Load() =>
            System.IO.Directory.GetFiles(FindDirectory(), "*.dll")
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToImmutableArray();

        private static string FindDirectory()
        {
            // .../dotnet/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll
            var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
            var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
            if (!System.IO.Directory.Exists(packs))
            {
                throw new InvalidOperationException($"No reference assemblies at '{packs}': install the .NET SDK.");
            }

            var newest = System.IO.Directory.GetDirectories(packs)
                .Select(d => (Dir: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version(0, 0)))
                .OrderByDescending(x => x.Version)
                .First().Dir;
            var tfmDir = System.IO.Directory.GetDirectories(Path.Combine(newest, "ref"))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .First();
            return tfmDir;
        }
    }
}
