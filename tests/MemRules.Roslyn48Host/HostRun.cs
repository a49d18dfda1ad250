using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Host.Mef;
using Microsoft.CodeAnalysis.Text;

namespace MemRules.Roslyn48Host
{
    /// <summary>
    /// One run of the package in Roslyn 4.8.0: checks that the Roslyn in this process is 4.8.0; loads the
    /// package's MemRules.Analyzers.dll and MemRules.Analyzers.CodeFixes.dll through AnalyzerFileReference
    /// (see <see cref="PackageLoader"/>); builds an AdhocWorkspace project of the sample with its
    /// .editorconfig; runs every analyzer; applies every offered fix and, for every fixer, its fix-all in
    /// Document and Project scope. Every exception, analyzer exception (onAnalyzerException, AD0001), rule
    /// that does not fire, and fix that adds a compiler error is a failure.
    /// </summary>
    internal sealed class HostRun
    {
        private static readonly Version Roslyn = new(4, 8, 0, 0);

        private static readonly string[] PackageAssemblies = { "MemRules.Analyzers.dll", "MemRules.Analyzers.CodeFixes.dll" };

        /// <summary>A type from each Roslyn assembly the host uses.</summary>
        private static readonly Type[] RoslynTypes =
        {
            typeof(Compilation),
            typeof(CSharpCompilation),
            typeof(Workspace),
            typeof(Microsoft.CodeAnalysis.CSharp.Formatting.CSharpFormattingOptions),
        };

        private readonly TextWriter _out;
        private readonly List<string> _failures;

        public HostRun(TextWriter output, List<string> failures)
        {
            _out = output;
            _failures = failures;
        }

        public async Task RunAsync(string folder, string sampleFolder, string? referenceFolder)
        {
            CheckHostRoslyn();

            var loader = new PackageLoader(folder);
            _out.WriteLine($"analyzer folder {loader.Folder}");
            var references = LoadReferences(loader);
            var analyzers = LoadAnalyzers(references);
            var fixers = LoadFixers(references);
            CheckLoadedFromPackage(loader, analyzers, fixers);
            CheckReferencedVersions(references);
            if (analyzers.IsEmpty)
            {
                Fail("the package has no analyzer for C#");
                return;
            }

            var project = CreateSampleProject(sampleFolder, referenceFolder ?? ReferenceAssemblyFolder(), references);
            var baseline = await ErrorsAsync(project).ConfigureAwait(false);
            _out.WriteLine($"sample {sampleFolder}: {project.Documents.Count()} documents, {project.AnalyzerConfigDocuments.Count()} .editorconfig, {baseline.Count} compiler errors");
            if (baseline.Count > 0)
            {
                Fail($"the sample does not compile in Roslyn {Roslyn}: {string.Join("; ", baseline.Take(5))}");
            }

            var ids = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();
            var diagnostics = await AnalyzeAsync(project, analyzers, "the sample").ConfigureAwait(false);
            foreach (var diagnostic in diagnostics)
            {
                _out.WriteLine($"diagnostic {diagnostic.Id} {diagnostic.Severity} {Position(diagnostic)}: {diagnostic.GetMessage()}");
            }

            var perId = ids.ToDictionary(id => id, id => diagnostics.Count(d => d.Id == id));
            foreach (var id in ids.Where(id => perId[id] == 0))
            {
                Fail($"{id} does not fire on the sample");
            }

            var (fixesPerId, keys) = await ApplyFixesAsync(project, baseline, diagnostics, fixers).ConfigureAwait(false);
            foreach (var id in ids.Where(id => perId[id] > 0 && fixers.Any(f => f.FixableDiagnosticIds.Contains(id)) && fixesPerId.GetValueOrDefault(id) == 0))
            {
                Fail($"{id} has a code fix, but no fix was applied for its {perId[id]} diagnostic(s)");
            }

            var fixAlls = await ApplyFixAllsAsync(project, baseline, diagnostics, analyzers, fixers, keys).ConfigureAwait(false);

            CheckLoadedRoslyn(loader);

            _out.WriteLine();
            _out.WriteLine("summary");
            foreach (var id in ids)
            {
                _out.WriteLine($"  {id}: {perId[id]} diagnostic(s), {fixesPerId.GetValueOrDefault(id)} fix(es) applied");
            }

            _out.WriteLine($"  {diagnostics.Length} diagnostics, {fixesPerId.Values.Sum()} fixes applied, {fixAlls} fix-alls applied, {_failures.Count} failures");
        }

        /// <summary>The exception's type and message (inner ones too), for a failure line.</summary>
        public static string Describe(Exception e)
        {
            var parts = new List<string>();
            for (Exception? current = e; current != null; current = current.InnerException)
            {
                if (current is TargetInvocationException or AggregateException && current.InnerException != null)
                {
                    continue;
                }

                if (current is ReflectionTypeLoadException load)
                {
                    parts.Add(current.GetType().FullName + ", loader exceptions: " + string.Join(" | ", load.LoaderExceptions
                        .Where(x => x != null).Select(x => $"{x!.GetType().FullName}: {x.Message}").Distinct().Take(3)));
                }
                else
                {
                    parts.Add($"{current.GetType().FullName}: {current.Message}");
                }
            }

            // One line: a failure is one line of the output.
            return string.Join(" ---> ", parts).Replace("\r", "").Replace('\n', ' ');
        }

        private void Fail(string message)
        {
            _failures.Add(message);
            _out.WriteLine("FAIL " + message);
        }

        private void Fail(string what, Exception e)
        {
            Fail($"{what}: {Describe(e)}");
            _out.WriteLine(e);
        }

        private void CheckHostRoslyn()
        {
            foreach (var assembly in RoslynTypes.Select(t => t.Assembly))
            {
                var name = assembly.GetName();
                var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
                _out.WriteLine($"host {name.Name} {name.Version} ({informational}) {assembly.Location}");
                if (name.Version != Roslyn || !informational.StartsWith("4.8.0", StringComparison.Ordinal))
                {
                    Fail($"the host runs {name.Name} {name.Version} ({informational}), not {Roslyn}");
                }
            }

            foreach (var file in PackageAssemblies.Select(f => Path.Combine(AppContext.BaseDirectory, f)).Where(File.Exists))
            {
                Fail($"{file} is next to the host: the host must load the package's copy only");
            }
        }

        private List<AnalyzerFileReference> LoadReferences(PackageLoader loader)
        {
            var references = new List<AnalyzerFileReference>();
            foreach (var file in PackageAssemblies)
            {
                var path = Path.Combine(loader.Folder, file);
                if (!File.Exists(path))
                {
                    Fail($"{file} is not in {loader.Folder}");
                    continue;
                }

                loader.AddDependencyLocation(path);
                var reference = new AnalyzerFileReference(path, loader);
                reference.AnalyzerLoadFailed += (_, e) =>
                {
                    Fail($"loading {file}: {e.ErrorCode} {e.TypeName} {e.Message}" + (e.ReferencedCompilerVersion is { } v ? $" (references compiler {v})" : ""));
                    if (e.Exception != null)
                    {
                        _out.WriteLine(e.Exception);
                    }
                };
                references.Add(reference);
            }

            return references;
        }

        private ImmutableArray<DiagnosticAnalyzer> LoadAnalyzers(List<AnalyzerFileReference> references)
        {
            var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
            foreach (var reference in references)
            {
                try
                {
                    analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
                }
                catch (Exception e)
                {
                    Fail($"analyzers of {reference.Display}", e);
                }
            }

            foreach (var analyzer in analyzers)
            {
                try
                {
                    _out.WriteLine($"analyzer {analyzer.GetType().FullName}: {string.Join(", ", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct())}");
                }
                catch (Exception e)
                {
                    Fail($"SupportedDiagnostics of {analyzer.GetType().FullName}", e);
                }
            }

            return analyzers.ToImmutable();
        }

        /// <summary>As the IDE and dotnet format find fixes in an analyzer reference: exported C# CodeFixProviders.</summary>
        private List<CodeFixProvider> LoadFixers(List<AnalyzerFileReference> references)
        {
            var fixers = new List<CodeFixProvider>();
            foreach (var reference in references)
            {
                Type[] types;
                try
                {
                    types = reference.GetAssembly().GetTypes();
                }
                catch (ReflectionTypeLoadException e)
                {
                    Fail($"types of {reference.Display}", e);
                    types = e.Types.Where(t => t != null).ToArray()!;
                }
                catch (Exception e)
                {
                    Fail($"loading {reference.Display}", e);
                    continue;
                }

                foreach (var type in types.Where(t => t.IsClass && !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t)).OrderBy(t => t.FullName, StringComparer.Ordinal))
                {
                    try
                    {
                        // Every attribute, as a MEF catalog reads them ([Shared] included), then the export.
                        _ = type.GetCustomAttributes(inherit: false);
                        var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
                        if (export == null || !export.Languages.Contains(LanguageNames.CSharp))
                        {
                            _out.WriteLine($"fixer {type.FullName}: not exported for C#, skipped");
                            continue;
                        }

                        var fixer = (CodeFixProvider)Activator.CreateInstance(type)!;
                        _out.WriteLine($"fixer {type.FullName}: {string.Join(", ", fixer.FixableDiagnosticIds)}");
                        fixers.Add(fixer);
                    }
                    catch (Exception e)
                    {
                        Fail($"creating the code fix {type.FullName}", e);
                    }
                }
            }

            if (fixers.Count == 0)
            {
                Fail("the package has no exported C# code fix");
            }

            return fixers;
        }

        private void CheckLoadedFromPackage(PackageLoader loader, ImmutableArray<DiagnosticAnalyzer> analyzers, List<CodeFixProvider> fixers)
        {
            var assemblies = analyzers.Select(a => a.GetType().Assembly).Concat(fixers.Select(f => f.GetType().Assembly)).Distinct();
            foreach (var assembly in assemblies)
            {
                var context = AssemblyLoadContext.GetLoadContext(assembly);
                _out.WriteLine($"loaded {assembly.GetName().Name} {assembly.GetName().Version} from {assembly.Location} in '{context?.Name}'");
                if (context != loader.Context || !assembly.Location.StartsWith(loader.Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    Fail($"{assembly.GetName().Name} was not loaded from the package's folder {loader.Folder}");
                }
            }

            var elsewhere = AssemblyLoadContext.All.SelectMany(c => c.Assemblies.Select(a => (Context: c, Assembly: a)))
                .Where(x => x.Assembly.GetName().Name!.StartsWith("MemRules.Analyzers", StringComparison.Ordinal) && x.Context != loader.Context);
            foreach (var (context, assembly) in elsewhere)
            {
                Fail($"a second {assembly.GetName().Name} is loaded, from {assembly.Location} in '{context.Name}'");
            }
        }

        /// <summary>
        /// The package may require no assembly in a newer version than Roslyn 4.8.0 itself references:
        /// a host that ships what Roslyn 4.8 needs (and no more) could not bind it.
        /// </summary>
        private void CheckReferencedVersions(List<AnalyzerFileReference> references)
        {
            var hostHas = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
            foreach (var roslyn in RoslynTypes.Select(t => t.Assembly))
            {
                foreach (var name in roslyn.GetReferencedAssemblies().Append(roslyn.GetName()))
                {
                    if (name.Version != null && (!hostHas.TryGetValue(name.Name!, out var known) || name.Version > known))
                    {
                        hostHas[name.Name!] = name.Version;
                    }
                }
            }

            foreach (var reference in references)
            {
                Assembly assembly;
                try
                {
                    assembly = reference.GetAssembly();
                }
                catch (Exception e)
                {
                    Fail($"loading {reference.Display}", e);
                    continue;
                }

                foreach (var name in assembly.GetReferencedAssemblies().OrderBy(n => n.Name, StringComparer.Ordinal))
                {
                    var limit = hostHas.TryGetValue(name.Name!, out var v) ? v : null;
                    _out.WriteLine($"reference {assembly.GetName().Name} -> {name.Name} {name.Version}" + (limit != null ? $" (Roslyn {Roslyn} references {limit})" : ""));
                    if (limit != null && name.Version > limit)
                    {
                        Fail($"{assembly.GetName().Name} references {name.Name} {name.Version}, newer than the {limit} that Roslyn {Roslyn} is built against");
                    }
                }
            }
        }

        /// <summary>Every Roslyn assembly loaded into any context is 4.8.0.0, and only the host's context has one.</summary>
        private void CheckLoadedRoslyn(PackageLoader loader)
        {
            var loaded = AssemblyLoadContext.All
                .SelectMany(c => c.Assemblies.Select(a => (Context: c, Assembly: a)))
                .Where(x => x.Assembly.GetName().Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
                .OrderBy(x => x.Assembly.GetName().Name, StringComparer.Ordinal)
                .ToList();
            foreach (var (context, assembly) in loaded)
            {
                var name = assembly.GetName();
                var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
                _out.WriteLine($"loaded-roslyn {name.Name} {name.Version} ({informational}) in '{context.Name}'");
                if (name.Version != Roslyn)
                {
                    Fail($"{name.Name} {name.Version} is loaded, not {Roslyn}");
                }

                if (context == loader.Context)
                {
                    Fail($"{name.Name} was loaded into the package's context from {assembly.Location}: the package must use the host's Roslyn");
                }
            }

            foreach (var expected in RoslynTypes.Select(t => t.Assembly.GetName().Name))
            {
                if (!loaded.Any(x => x.Assembly.GetName().Name == expected))
                {
                    Fail($"{expected} is not loaded");
                }
            }
        }

        /// <summary>
        /// The SDK's reference assemblies next to this runtime: the net8.0 ones when installed (what a
        /// .NET 8 SDK, Roslyn 4.8, compiles against), otherwise the newest.
        /// </summary>
        private static string ReferenceAssemblyFolder()
        {
            var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            var packs = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref"));
            if (!Directory.Exists(packs))
            {
                throw new InvalidOperationException($"No reference assemblies at '{packs}': install the .NET SDK or pass --references DIR.");
            }

            var versions = Directory.GetDirectories(packs)
                .Select(d => (Dir: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version(0, 0)))
                .OrderByDescending(x => x.Version)
                .ToList();
            var chosen = versions.Where(x => x.Version.Major == 8).Concat(versions).First().Dir;
            return Directory.GetDirectories(Path.Combine(chosen, "ref")).OrderByDescending(d => d, StringComparer.Ordinal).First();
        }

        private Project CreateSampleProject(string sampleFolder, string referenceFolder, List<AnalyzerFileReference> analyzerReferences)
        {
            var metadata = Directory.GetFiles(referenceFolder, "*.dll").OrderBy(p => p, StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
            _out.WriteLine($"reference assemblies {referenceFolder} ({metadata.Count} dlls)");
            var workspace = new AdhocWorkspace(MefHostServices.DefaultHost);
            var projectId = ProjectId.CreateNewId();
            var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
                projectId, VersionStamp.Default, "LeakyService", "LeakyService", LanguageNames.CSharp,
                filePath: Path.Combine(sampleFolder, "LeakyService.csproj"),
                // As LeakyService.csproj: an executable with nullable on, no implicit usings; the newest C# of this Roslyn.
                compilationOptions: new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
                metadataReferences: metadata,
                analyzerReferences: analyzerReferences));
            foreach (var file in Directory.GetFiles(sampleFolder, "*.cs").OrderBy(p => p, StringComparer.Ordinal))
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(projectId), Path.GetFileName(file), SourceText.From(File.ReadAllText(file), Encoding.UTF8), filePath: file);
            }

            // The sample's (stale) baseline, as the package's props add it: the suppressor reads it and MEM900 reports it.
            var baselineFile = Path.Combine(sampleFolder, "memrules.baseline.json");
            if (File.Exists(baselineFile))
            {
                solution = solution.AddAdditionalDocument(DocumentId.CreateNewId(projectId), "memrules.baseline.json", SourceText.From(File.ReadAllText(baselineFile), Encoding.UTF8), filePath: baselineFile);
            }

            var editorConfig = Path.Combine(sampleFolder, ".editorconfig");
            if (File.Exists(editorConfig))
            {
                solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".editorconfig", SourceText.From(File.ReadAllText(editorConfig), Encoding.UTF8), filePath: editorConfig);
            }
            else
            {
                Fail($"the sample has no .editorconfig at {editorConfig}");
            }

            var project = solution.GetProject(projectId)!;
            if (!project.Documents.Any())
            {
                throw new InvalidOperationException($"No C# files in {sampleFolder}.");
            }

            return project;
        }

        /// <summary>All analyzers' diagnostics; analyzer exceptions (onAnalyzerException, AD0001) are failures.</summary>
        private async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project, ImmutableArray<DiagnosticAnalyzer> analyzers, string what)
        {
            try
            {
                var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
                var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                    project.AnalyzerOptions,
                    onAnalyzerException: (e, analyzer, _) =>
                    {
                        lock (_failures)
                        {
                            Fail($"{analyzer.GetType().Name} threw on {what}", e);
                        }
                    },
                    concurrentAnalysis: true,
                    logAnalyzerExecutionTime: false));
                var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
                foreach (var crash in diagnostics.Where(d => d.Id == "AD0001"))
                {
                    Fail($"AD0001 on {what}: {crash.GetMessage()}");
                }

                return diagnostics.Where(d => d.Id != "AD0001")
                    .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                    .ThenBy(d => d.Location.SourceSpan.Start)
                    .ThenBy(d => d.Id, StringComparer.Ordinal)
                    .ToImmutableArray();
            }
            catch (Exception e)
            {
                Fail($"analyzing {what}", e);
                return ImmutableArray<Diagnostic>.Empty;
            }
        }

        private async Task<(Dictionary<string, int> FixesPerId, List<(CodeFixProvider Fixer, string? Key)> Keys)> ApplyFixesAsync(
            Project project, List<string> baseline, ImmutableArray<Diagnostic> diagnostics, List<CodeFixProvider> fixers)
        {
            var fixesPerId = new Dictionary<string, int>();
            var keys = new List<(CodeFixProvider, string?)>();
            foreach (var diagnostic in diagnostics.Where(d => d.Location.IsInSource))
            {
                var document = project.GetDocument(diagnostic.Location.SourceTree);
                if (document == null)
                {
                    continue;
                }

                foreach (var fixer in fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    var actions = new List<CodeAction>();
                    try
                    {
                        var context = new CodeFixContext(document, diagnostic, (a, _) => { lock (actions) { actions.Add(a); } }, CancellationToken.None);
                        await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
                    }
                    catch (Exception e)
                    {
                        Fail($"{fixer.GetType().Name}.RegisterCodeFixesAsync for {diagnostic.Id} at {Position(diagnostic)}", e);
                        continue;
                    }

                    foreach (var action in actions)
                    {
                        // Its fix-all is tried even when this fix fails.
                        if (!keys.Contains((fixer, action.EquivalenceKey)))
                        {
                            keys.Add((fixer, action.EquivalenceKey));
                        }

                        var where = $"fix '{action.Title}' of {fixer.GetType().Name} for {diagnostic.Id} at {Position(diagnostic)}";
                        if (await ApplyAndCheckAsync(action, project, baseline, where).ConfigureAwait(false) is { } changed)
                        {
                            fixesPerId[diagnostic.Id] = fixesPerId.GetValueOrDefault(diagnostic.Id) + 1;
                            _out.WriteLine($"fix {diagnostic.Id} {Position(diagnostic)} '{action.Title}': applied, changed {changed}");
                        }
                    }
                }
            }

            return (fixesPerId, keys);
        }

        private async Task<int> ApplyFixAllsAsync(
            Project project, List<string> baseline, ImmutableArray<Diagnostic> diagnostics, ImmutableArray<DiagnosticAnalyzer> analyzers,
            List<CodeFixProvider> fixers, List<(CodeFixProvider Fixer, string? Key)> keys)
        {
            int applied = 0;
            var provider = new AnalyzerDiagnostics(p => AnalyzeAsync(p, analyzers, "the project a fix-all sees"));
            foreach (var fixer in fixers)
            {
                var fixable = diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id) && d.Location.IsInSource).ToList();
                if (fixable.Count == 0)
                {
                    continue;
                }

                FixAllProvider? fixAll;
                try
                {
                    fixAll = fixer.GetFixAllProvider();
                }
                catch (Exception e)
                {
                    Fail($"{fixer.GetType().Name}.GetFixAllProvider", e);
                    continue;
                }

                if (fixAll == null)
                {
                    Fail($"{fixer.GetType().Name} has no fix-all");
                    continue;
                }

                var scopes = fixAll.GetSupportedFixAllScopes().ToList();
                foreach (var key in keys.Where(k => k.Fixer == fixer).Select(k => k.Key))
                {
                    var documents = fixable.Select(d => project.GetDocument(d.Location.SourceTree)).OfType<Document>().Distinct().ToList();
                    var runs = documents.Select(d => (Document: d, Scope: FixAllScope.Document)).Append((Document: documents[0], Scope: FixAllScope.Project));
                    foreach (var (document, scope) in runs)
                    {
                        var where = $"fix-all {fixer.GetType().Name} {scope}" + (scope == FixAllScope.Document ? $" {document.Name}" : "") + $" '{key}'";
                        if (!scopes.Contains(scope))
                        {
                            Fail($"{where}: scope not supported (supports {string.Join(", ", scopes)})");
                            continue;
                        }

                        CodeAction? action;
                        try
                        {
                            var context = new FixAllContext(document, fixer, scope, key, fixer.FixableDiagnosticIds, provider, CancellationToken.None);
                            action = await fixAll.GetFixAsync(context).ConfigureAwait(false);
                        }
                        catch (Exception e)
                        {
                            Fail(where, e);
                            continue;
                        }

                        if (action == null)
                        {
                            Fail($"{where} offers nothing although single fixes exist");
                            continue;
                        }

                        if (await ApplyAndCheckAsync(action, project, baseline, where).ConfigureAwait(false) is { } changed)
                        {
                            applied++;
                            _out.WriteLine($"{where}: applied, changed {changed}");
                        }
                    }
                }
            }

            return applied;
        }

        /// <summary>Applies an action; a failure when it throws, changes nothing or adds compiler errors. Returns the changed documents' names.</summary>
        private async Task<string?> ApplyAndCheckAsync(CodeAction action, Project project, List<string> baseline, string where)
        {
            try
            {
                var operations = await action.GetOperationsAsync(CancellationToken.None).ConfigureAwait(false);
                var solution = operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
                var changedProject = solution?.GetProject(project.Id);
                var changed = changedProject == null ? new List<string>() : await ChangedDocumentsAsync(project, changedProject).ConfigureAwait(false);
                if (changedProject == null || changed.Count == 0)
                {
                    Fail($"{where} changes nothing");
                    return null;
                }

                var added = NewErrors(baseline, await ErrorsAsync(changedProject).ConfigureAwait(false));
                if (added.Count > 0)
                {
                    Fail($"{where} adds compiler errors: {string.Join("; ", added.Take(5))}");
                    foreach (var name in changed)
                    {
                        var document = changedProject.Documents.First(d => d.Name == name);
                        _out.WriteLine($"--- {name} after {where}\n{await document.GetTextAsync().ConfigureAwait(false)}\n---");
                    }

                    return null;
                }

                return string.Join(", ", changed);
            }
            catch (Exception e)
            {
                Fail(where, e);
                return null;
            }
        }

        private static async Task<List<string>> ChangedDocumentsAsync(Project before, Project after)
        {
            var changed = new List<string>();
            foreach (var document in after.Documents)
            {
                var old = before.GetDocument(document.Id);
                if (old == null || !(await old.GetTextAsync().ConfigureAwait(false)).ContentEquals(await document.GetTextAsync().ConfigureAwait(false)))
                {
                    changed.Add(document.Name);
                }
            }

            changed.AddRange(before.Documents.Where(d => after.GetDocument(d.Id) == null).Select(d => d.Name + " (removed)"));
            return changed;
        }

        /// <summary>Compiler errors as "ID: message", without positions, so that a fix that moves code does not count them as new.</summary>
        private static async Task<List<string>> ErrorsAsync(Project project)
        {
            var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
            return compilation.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => $"{d.Id}: {d.GetMessage()}")
                .OrderBy(e => e, StringComparer.Ordinal)
                .ToList();
        }

        private static List<string> NewErrors(List<string> before, List<string> after)
        {
            var remaining = before.GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());
            var added = new List<string>();
            foreach (var error in after)
            {
                if (remaining.TryGetValue(error, out var n) && n > 0)
                {
                    remaining[error] = n - 1;
                }
                else
                {
                    added.Add(error);
                }
            }

            return added;
        }

        private static string Position(Diagnostic diagnostic)
        {
            var span = diagnostic.Location.GetLineSpan();
            return $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})";
        }

        /// <summary>What a host's fix-all asks for: the analyzers' diagnostics of the document or project at hand, computed on demand.</summary>
        private sealed class AnalyzerDiagnostics : FixAllContext.DiagnosticProvider
        {
            private readonly Func<Project, Task<ImmutableArray<Diagnostic>>> _analyze;
            private readonly Dictionary<Project, Task<ImmutableArray<Diagnostic>>> _cache = new();

            public AnalyzerDiagnostics(Func<Project, Task<ImmutableArray<Diagnostic>>> analyze) => _analyze = analyze;

            public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            {
                var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
                return (await AllAsync(document.Project).ConfigureAwait(false)).Where(d => d.Location.SourceTree == tree);
            }

            public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                (await AllAsync(project).ConfigureAwait(false)).Where(d => !d.Location.IsInSource);

            public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                await AllAsync(project).ConfigureAwait(false);

            private Task<ImmutableArray<Diagnostic>> AllAsync(Project project)
            {
                lock (_cache)
                {
                    if (!_cache.TryGetValue(project, out var task))
                    {
                        task = _analyze(project);
                        _cache.Add(project, task);
                    }

                    return task;
                }
            }
        }
    }
}
