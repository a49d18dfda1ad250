using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace MemRules.Analyzers.Tests.EndToEnd
{
    /// <summary>
    /// The user's path: pack the package, reference it from a consumer with PackageReference, build,
    /// fail the build with -warnaserror, apply fixes with dotnet format, build again. Slow, and kept in
    /// the suite because nothing else proves the package works for a user.
    /// </summary>
    [Collection(PackingCollection.Name)]
    public class PackageEndToEndTests : IDisposable
    {
        private readonly ITestOutputHelper _output;
        private readonly string _work = Path.Combine(Path.GetTempPath(), "memrules-e2e-" + Guid.NewGuid().ToString("N"));

        public PackageEndToEndTests(ITestOutputHelper output)
        {
            _output = output;
            Directory.CreateDirectory(_work);
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(_work, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is not worth failing a test for.
            }
        }

        [Fact]
        public void Package_warns_fails_with_warnaserror_and_fixes_with_dotnet_format()
        {
            var feed = Path.Combine(_work, "feed");
            Run("dotnet", $"pack \"{RepositoryPaths.Combine("src", "MemRules.Analyzers.Package", "MemRules.Analyzers.Package.csproj")}\" -c Release -o \"{feed}\" -p:CI=false", RepositoryPaths.Root);
            var package = Assert.Single(Directory.GetFiles(feed, "MemRules.Analyzers.*.nupkg"));
            AssertPackageLayout(package);

            var consumer = CreateConsumer(feed);
            var build = Run("dotnet", "build --no-restore -nologo", consumer);
            var reported = Regex.Matches(build, @"warning (MEM\d{3})").Select(m => m.Groups[1].Value).ToHashSet();
            foreach (var id in ImplementedRuleIds())
            {
                Assert.True(reported.Contains(id), $"The sample built against the package should report {id}; it reported {string.Join(", ", reported)}.\n{build}");
            }

            var strict = Run("dotnet", "build --no-restore --no-incremental -nologo -warnaserror", consumer, expectSuccess: false);
            Assert.Matches(@"error MEM\d{3}", strict);

            var fixable = FixableRuleIds();
            Run("dotnet", $"format analyzers --no-restore --severity info --diagnostics {string.Join(" ", fixable)}", consumer);
            var changed = Directory.GetFiles(consumer, "*.cs").Count(f => File.ReadAllText(f) != File.ReadAllText(Path.Combine(RepositoryPaths.Combine("tests", "Sample"), Path.GetFileName(f))));
            Assert.True(changed > 0, "dotnet format applied no fix.");
            var after = Run("dotnet", "build --no-restore --no-incremental -nologo", consumer);
            var stillReported = Regex.Matches(after, @"warning (MEM\d{3})").Select(m => m.Groups[1].Value).ToHashSet();
            _output.WriteLine("After dotnet format: " + string.Join(", ", stillReported));
        }

        private static void AssertPackageLayout(string package)
        {
            using var zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToList();
            Assert.Contains("analyzers/dotnet/cs/MemRules.Analyzers.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/MemRules.Analyzers.CodeFixes.dll", entries);
            Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
            Assert.DoesNotContain(entries, e => Path.GetFileName(e).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
            Assert.Contains("README.md", entries);

            var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var reader = new StreamReader(nuspecEntry.Open());
            var nuspec = reader.ReadToEnd();
            Assert.Contains("<developmentDependency>true</developmentDependency>", nuspec);
            Assert.Contains("<license type=\"expression\">MIT</license>", nuspec);
            Assert.Contains("<readme>README.md</readme>", nuspec);
            Assert.DoesNotContain("<dependency ", nuspec);
        }

        private string CreateConsumer(string feed)
        {
            var consumer = Path.Combine(_work, "consumer");
            Directory.CreateDirectory(consumer);
            foreach (var file in Directory.GetFiles(RepositoryPaths.Combine("tests", "Sample"), "*.cs"))
            {
                File.Copy(file, Path.Combine(consumer, Path.GetFileName(file)));
            }

            // The sample's .editorconfig raises Info rules (MEM004) to warnings so that the build shows them.
            var sampleConfig = RepositoryPaths.Combine("tests", "Sample", ".editorconfig");
            if (File.Exists(sampleConfig))
            {
                File.Copy(sampleConfig, Path.Combine(consumer, ".editorconfig"));
            }

            var version = Regex.Match(File.ReadAllText(RepositoryPaths.Combine("Directory.Build.props")), "<Version>(.*?)</Version>").Groups[1].Value;
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <RestorePackagesPath>{Path.Combine(_work, "packages")}</RestorePackagesPath>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="MemRules.Analyzers" Version="{version}" PrivateAssets="all" />
                  </ItemGroup>
                </Project>
                """);
            // Only the local feed: the consumer needs nothing else, and a cached copy of the same version must not win.
            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            // Stop the repository's Directory.Build.props from applying if the temp folder sits below it.
            File.WriteAllText(Path.Combine(consumer, "Directory.Build.props"), "<Project />");
            Run("dotnet", "restore", consumer);
            return consumer;
        }

        /// <summary>Every ID an exported analyzer reports: the sample must show each rule firing.</summary>
        private static IEnumerable<string> ImplementedRuleIds() =>
            typeof(RuleIdentifiers).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
                .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics.Select(d => d.Id))
                .Distinct()
                .OrderBy(id => id, StringComparer.Ordinal);

        private static IEnumerable<string> FixableRuleIds() =>
            typeof(MemRules.Analyzers.CodeFixes.Rules.MEM001UsingDeclarationCodeFix).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
                .SelectMany(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds)
                .Distinct()
                .OrderBy(id => id, StringComparer.Ordinal);

        private string Run(string fileName, string arguments, string workingDirectory, bool expectSuccess = true)
        {
            var info = new ProcessStartInfo(fileName, arguments)
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
            using var process = Process.Start(info)!;
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit((int)TimeSpan.FromMinutes(5).TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} {arguments} did not finish in 5 minutes.");
            }

            process.WaitForExit();
            var text = output.ToString();
            _output.WriteLine($"$ {fileName} {arguments}\n{text}");
            if (expectSuccess)
            {
                Assert.True(process.ExitCode == 0, $"{fileName} {arguments} exited {process.ExitCode}:\n{text}");
            }
            else
            {
                Assert.True(process.ExitCode != 0, $"{fileName} {arguments} was expected to fail:\n{text}");
            }

            return text;
        }
    }
}
