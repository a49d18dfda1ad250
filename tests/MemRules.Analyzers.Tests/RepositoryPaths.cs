using System;
using System.IO;

namespace MemRules.Analyzers.Tests
{
    /// <summary>Finds the repository root (the folder with MemRules.Analyzers.sln) from the test binaries.</summary>
    public static class RepositoryPaths
    {
        public static string Root { get; } = FindRoot();

        public static string Combine(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

        private static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MemRules.Analyzers.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("MemRules.Analyzers.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
