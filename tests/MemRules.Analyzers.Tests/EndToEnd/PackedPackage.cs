using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace MemRules.Analyzers.Tests.EndToEnd
{
    /// <summary>
    /// The package, packed once for every end-to-end test of <see cref="PackingCollection"/> (the first test that
    /// asks packs it), in a folder feed of its own; and what those tests share to run dotnet and make consumers.
    /// </summary>
    public sealed class PackedPackage : IDisposable
    {
        private readonly Lazy<string> _package;

        public PackedPackage()
        {
            Work = Path.Combine(Path.GetTempPath(), "memrules-packed-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Work);
            _package = new Lazy<string>(Pack, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>A temporary folder that lives as long as the collection: the feed and the restored packages.</summary>
        public string Work { get; }

        public string Feed => Path.Combine(Work, "feed");

        /// <summary>The packages folder every consumer restores into: the package is extracted once.</summary>
        public string Packages => Path.Combine(Work, "packages");

        /// <summary>A new folder for one test's consumers and logs, deleted with the collection's other temporary files.</summary>
        public string NewFolder(string name)
        {
            var folder = Path.Combine(Work, name + "-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            return folder;
        }

        /// <summary>The .nupkg; packs on first use.</summary>
        public string Package => _package.Value;

        /// <summary>What <c>dotnet pack</c> printed, for the first test's output.</summary>
        public string PackOutput { get; private set; } = string.Empty;

        public static string Version { get; } =
            Regex.Match(File.ReadAllText(RepositoryPaths.Combine("Directory.Build.props")), "<Version>(.*?)</Version>").Groups[1].Value;

        public void Dispose()
        {
            try
            {
                Directory.Delete(Work, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is not worth failing a test for.
            }
        }

        /// <summary>
        /// A consumer project in <paramref name="folder"/> that references the package from the feed only, with
        /// the given project properties and files, restored.
        /// </summary>
        public void CreateConsumer(string folder, string properties, params (string Name, string Text)[] files) =>
            CreateConsumer(folder, $"""
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                {properties}
                """, Array.Empty<string>(), files);

        /// <summary>
        /// A consumer project with the given <paramref name="properties"/> (its target frameworks among them) that
        /// references the package from the feed, and from <paramref name="otherSources"/> whatever else it needs
        /// (a netstandard2.0 target restores NETStandard.Library), restored.
        /// </summary>
        public void CreateConsumer(string folder, string properties, IEnumerable<string> otherSources, params (string Name, string Text)[] files)
        {
            _ = Package; // the feed exists once the package is packed
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <RestorePackagesPath>{Packages}</RestorePackagesPath>
                {properties}
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="MemRules.Analyzers" Version="{Version}" PrivateAssets="all" />
                  </ItemGroup>
                </Project>
                """);
            // The local feed (and only the sources asked for): a cached copy of the same version must not win.
            var sources = string.Concat(otherSources.Select((source, i) => $"\n    <add key=\"source{i}\" value=\"{source}\" />"));
            File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{Feed}" />{sources}
                  </packageSources>
                </configuration>
                """);
            // Stop the repository's Directory.Build.props from applying if the temp folder sits below it.
            File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />");
            foreach (var (name, text) in files)
            {
                File.WriteAllText(Path.Combine(folder, name), text);
            }

            var restore = Run("restore", folder);
            Assert.True(restore.ExitCode == 0, "dotnet restore failed:\n" + restore.Output);
        }

        /// <summary>
        /// tests/Sample as a consumer's files: its sources, its .editorconfig (which raises Info rules such as MEM004
        /// to warnings, so that the build shows them) and its stale baseline (the package's props add it, and MEM900
        /// says it is stale).
        /// </summary>
        public static (string Name, string Text)[] SampleFiles()
        {
            var sample = RepositoryPaths.Combine("tests", "Sample");
            var files = Directory.GetFiles(sample, "*.cs").Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToList();
            var config = Path.Combine(sample, ".editorconfig");
            if (File.Exists(config))
            {
                files.Add((".editorconfig", File.ReadAllText(config)));
            }

            files.Add(("memrules.baseline.json", File.ReadAllText(Path.Combine(sample, "memrules.baseline.json"))));
            return files.ToArray();
        }

        /// <summary>
        /// The package sources of this machine's user NuGet.Config (where the SDK's own packages come from), or
        /// nuget.org when it has none.
        /// </summary>
        public static IReadOnlyList<string> UserSources()
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var config = new[] { Path.Combine(home, ".nuget", "NuGet", "NuGet.Config"), Path.Combine(home, ".nuget", "NuGet", "nuget.config") }
                .FirstOrDefault(File.Exists);
            var sources = config == null
                ? new List<string>()
                : System.Xml.Linq.XDocument.Load(config).Descendants("packageSources").SelectMany(e => e.Elements("add"))
                    .Select(e => (string?)e.Attribute("value")).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
            return sources.Count > 0 ? sources : new List<string> { "https://api.nuget.org/v3/index.json" };
        }

        /// <summary>Runs dotnet with a clean environment for a nested build; returns the exit code and everything it printed.</summary>
        public static (int ExitCode, string Output, TimeSpan Elapsed) Run(string arguments, string workingDirectory)
        {
            var info = new ProcessStartInfo("dotnet", arguments)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            info.Environment["DOTNET_NOLOGO"] = "1";
            // Test hosts set variables that would make a nested build misbehave.
            info.Environment.Remove("MSBuildExtensionsPath");
            info.Environment.Remove("MSBUILD_EXE_PATH");
            info.Environment.Remove("MSBuildSDKsPath");
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(info)!;
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit((int)TimeSpan.FromMinutes(5).TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"dotnet {arguments} did not finish in 5 minutes.");
            }

            process.WaitForExit();
            lock (output)
            {
                return (process.ExitCode, output.ToString(), watch.Elapsed);
            }
        }

        private string Pack()
        {
            var (exitCode, output, elapsed) = Run(
                $"pack \"{RepositoryPaths.Combine("src", "MemRules.Analyzers.Package", "MemRules.Analyzers.Package.csproj")}\" -c Release -o \"{Feed}\" -p:CI=false",
                RepositoryPaths.Root);
            PackOutput = $"$ dotnet pack ({elapsed.TotalSeconds:F0} s)\n{output}";
            Assert.True(exitCode == 0, "dotnet pack failed:\n" + output);
            var packages = Directory.GetFiles(Feed, "MemRules.Analyzers.*.nupkg");
            Assert.True(packages.Length == 1, "Expected one package in the feed, found: " + string.Join(", ", packages.Select(Path.GetFileName)));
            return packages[0];
        }
    }
}
