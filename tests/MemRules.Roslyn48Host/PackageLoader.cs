using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace MemRules.Roslyn48Host
{
    /// <summary>
    /// Loads analyzer assemblies the way the Roslyn 4.8 host on .NET does (AnalyzerAssemblyLoader.Core):
    /// one AssemblyLoadContext for the package's folder; an assembly the host already has (Roslyn,
    /// System.*) comes from the host's context, anything else from the folder. So the package's dlls are
    /// loaded from the package, and the Roslyn they bind to is the host's 4.8.
    /// </summary>
    internal sealed class PackageLoader : IAnalyzerAssemblyLoader
    {
        private readonly FolderLoadContext _context;
        private readonly List<string> _dependencies = new();

        public PackageLoader(string folder)
        {
            Folder = Path.GetFullPath(folder);
            _context = new FolderLoadContext(Folder);
        }

        public string Folder { get; }

        public AssemblyLoadContext Context => _context;

        public IReadOnlyList<string> Dependencies => _dependencies;

        public void AddDependencyLocation(string fullPath)
        {
            lock (_dependencies)
            {
                _dependencies.Add(fullPath);
            }
        }

        public Assembly LoadFromPath(string fullPath) => _context.LoadFromAssemblyPath(Path.GetFullPath(fullPath));

        private sealed class FolderLoadContext : AssemblyLoadContext
        {
            private readonly string _folder;

            public FolderLoadContext(string folder)
                : base("MemRules package " + folder, isCollectible: false) => _folder = folder;

            protected override Assembly? Load(AssemblyName assemblyName)
            {
                try
                {
                    // Roslyn, System.Collections.Immutable and the rest: the host's own copies.
                    return Default.LoadFromAssemblyName(assemblyName);
                }
                catch (Exception e) when (e is FileNotFoundException or FileLoadException)
                {
                    // Not the host's (or not in a version it can bind): the package's folder, below.
                }

                var path = Path.Combine(_folder, assemblyName.Name + ".dll");
                return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
            }
        }
    }
}
