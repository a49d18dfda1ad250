using Microsoft.CodeAnalysis;

namespace MemRules.Analyzers
{
    /// <summary>
    /// The one registry of diagnostic descriptors. Several descriptors may share an ID when the cause
    /// differs; they then share title, category, severity and help link, and differ in message only.
    /// </summary>
    public static class Descriptors
    {
        internal const string Reliability = "Reliability";
        internal const string Style = "Style";
        internal const string Configuration = "Configuration";

        // MEM001 — enforces MEM-001 "always release allocated resources" for locals.
        internal const string MEM001Title = "Dispose a locally created disposable on every path";

        public static readonly DiagnosticDescriptor MEM001NeverReleased = Create(
            RuleIdentifiers.UndisposedLocal, MEM001Title,
            "'{0}'{1} is created here but never disposed",
            Reliability, DiagnosticSeverity.Warning,
            "A disposable that a method creates and does not hand on must be disposed before the method ends, or it holds its handle, buffer or timer until the finalizer runs, if ever.");

        public static readonly DiagnosticDescriptor MEM001NotOnEveryPath = Create(
            RuleIdentifiers.UndisposedLocal, MEM001Title,
            "'{0}'{1} is not disposed on every path: {2}",
            Reliability, DiagnosticSeverity.Warning,
            "A disposable that a method creates and does not hand on must be disposed on every path, including early returns, breaks and loop iterations.");

        // MEM002 — enforces MEM-001 at the level of a type.
        internal const string MEM002Title = "A type that creates a disposable field disposes it";

        public static readonly DiagnosticDescriptor MEM002TypeNotDisposable = Create(
            RuleIdentifiers.UndisposedField, MEM002Title,
            "'{0}' owns '{1}'{2} but is not disposable",
            Reliability, DiagnosticSeverity.Warning,
            "A type that creates a disposable and keeps it in a field owns it: the type must be disposable and dispose the field.");

        public static readonly DiagnosticDescriptor MEM002FieldNotDisposed = Create(
            RuleIdentifiers.UndisposedField, MEM002Title,
            "'{0}' owns '{1}'{2} but its {3} never disposes it",
            Reliability, DiagnosticSeverity.Warning,
            "A type that creates a disposable and keeps it in a field owns it: its Dispose must dispose the field.");

        public static readonly DiagnosticDescriptor MEM002FieldReplaced = Create(
            RuleIdentifiers.UndisposedField, MEM002Title,
            "'{0}'{1} is replaced with a new resource while the previous one is not disposed",
            Reliability, DiagnosticSeverity.Warning,
            "Assigning a new resource to an owned field drops the previous one without disposing it.");

        // MEM003 — enforces MEM-003 "implement cleanup in error paths".
        internal const string MEM003Title = "Release resources in a finally block";

        public static readonly DiagnosticDescriptor MEM003CleanupNotInFinally = Create(
            RuleIdentifiers.CleanupOutsideFinally, MEM003Title,
            "'{0}'{1} is released here but not in a finally: an exception from '{2}' skips the release",
            Reliability, DiagnosticSeverity.Warning,
            "Cleanup that runs only on the normal path is skipped when an exception is thrown between acquisition and release; use a using declaration or release in a finally block.");

        public static readonly DiagnosticDescriptor MEM003ThrowLeaks = Create(
            RuleIdentifiers.CleanupOutsideFinally, MEM003Title,
            "'{0}'{1} leaks when the throw on line {2} runs",
            Reliability, DiagnosticSeverity.Warning,
            "A resource that is still held when an explicit throw runs, before it is released or handed on, is never released on that path; release it before the throw, or hold it in a using.");

        public static readonly DiagnosticDescriptor MEM003TryStartsLate = Create(
            RuleIdentifiers.CleanupOutsideFinally, MEM003Title,
            "'{0}'{1} is released in a finally, but '{2}' runs after its creation and before the try: an exception there skips the release",
            Reliability, DiagnosticSeverity.Warning,
            "A finally protects only what runs inside its try; an operation that can throw between the creation and the try leaks the resource when it throws. Start the try right after the creation, or hold the resource in a using.");

        // MEM004 — enforces MEM-004 "use context managers".
        internal const string MEM004Title = "Use a using declaration instead of try/finally";

        public static readonly DiagnosticDescriptor MEM004UseUsing = Create(
            RuleIdentifiers.TryFinallyToUsing, MEM004Title,
            "The finally block only disposes '{0}': a using declaration says it better",
            Style, DiagnosticSeverity.Info,
            "A try/finally whose finally only disposes a local is what a using declaration or statement expresses, with less code to get wrong.");

        // MEM005 — enforces MEM-005 "limit long-term memory storage".
        internal const string MEM005Title = "Bound collection fields that only grow";

        public static readonly DiagnosticDescriptor MEM005UnboundedCollection = Create(
            RuleIdentifiers.UnboundedCollection, MEM005Title,
            "'{0}' only grows ({1} in {2}); nothing removes or bounds it",
            Reliability, DiagnosticSeverity.Warning,
            "A collection field that code adds to but nothing removes from grows for the life of the object; in a long-running service that is a memory leak.");

        // Internal fields (memrules.MEM005.include_internal) can be used anywhere in the assembly: reported once the whole compilation is seen.
        public static readonly DiagnosticDescriptor MEM005UnboundedInternalCollection = Create(
            RuleIdentifiers.UnboundedCollection, MEM005Title,
            "'{0}' only grows ({1} in {2}); nothing in the assembly removes or bounds it",
            Reliability, DiagnosticSeverity.Warning,
            "A collection field that code adds to but nothing removes from grows for the life of the object; in a long-running service that is a memory leak.",
            WellKnownDiagnosticTags.CompilationEnd);

        // A MemoryCache (Microsoft.Extensions.Caching.Memory) evicts by itself only with a SizeLimit, or entries that expire.
        public static readonly DiagnosticDescriptor MEM005UnboundedCache = Create(
            RuleIdentifiers.UnboundedCollection, MEM005Title,
            "'{0}' is a MemoryCache without a SizeLimit, filled in {1} with entries that never expire",
            Reliability, DiagnosticSeverity.Warning,
            "A MemoryCache created without a SizeLimit removes an entry only when it expires; filled with entries that have no expiration and no size, it grows for the life of the cache.");

        public static readonly DiagnosticDescriptor MEM005UnboundedInternalCache = Create(
            RuleIdentifiers.UnboundedCollection, MEM005Title,
            "'{0}' is a MemoryCache without a SizeLimit, filled in {1} with entries that never expire; nothing in the assembly removes them",
            Reliability, DiagnosticSeverity.Warning,
            "A MemoryCache created without a SizeLimit removes an entry only when it expires; filled with entries that have no expiration and no size, it grows for the life of the cache.",
            WellKnownDiagnosticTags.CompilationEnd);

        // MEM006 — enforces the guides' pitfall "event listeners: always unregister" (MEM-006 is archival, not checked).
        internal const string MEM006Title = "Release event subscriptions to longer-lived publishers";

        public static readonly DiagnosticDescriptor MEM006NeverUnsubscribed = Create(
            RuleIdentifiers.UnreleasedEventSubscription, MEM006Title,
            "The subscription to '{0}' is never released: the publisher keeps this '{1}' alive",
            Reliability, DiagnosticSeverity.Warning,
            "A subscription to an event of an object that may outlive the subscriber keeps the subscriber, and everything it references, in memory until it is released with -=.");

        public static readonly DiagnosticDescriptor MEM006LambdaSubscription = Create(
            RuleIdentifiers.UnreleasedEventSubscription, MEM006Title,
            "The lambda subscribed to '{0}' can never be unsubscribed and keeps this '{1}' alive: keep the handler in a field and unsubscribe it in Dispose",
            Reliability, DiagnosticSeverity.Warning,
            "A lambda subscribed to a longer-lived publisher cannot be removed with -= unless it is kept in a field.");

        // Subscriptions that return a token (IObservable<T>.Subscribe, CancellationToken.Register, IOptionsMonitor<T>.OnChange, ...).
        public static readonly DiagnosticDescriptor MEM006TokenDropped = Create(
            RuleIdentifiers.UnreleasedEventSubscription, MEM006Title,
            "The token returned by '{0}' is dropped, so the subscription can never be released: the publisher keeps this '{1}' alive; keep the token in a field and dispose it in Dispose",
            Reliability, DiagnosticSeverity.Warning,
            "A subscription that returns a token (IDisposable, CancellationTokenRegistration) is released only by disposing the token; dropped, it keeps the subscriber alive as long as the publisher lives.");

        public static readonly DiagnosticDescriptor MEM006TokenNotDisposed = Create(
            RuleIdentifiers.UnreleasedEventSubscription, MEM006Title,
            "The token returned by '{0}' is kept in '{2}' but never disposed: the publisher keeps this '{1}' alive",
            Reliability, DiagnosticSeverity.Warning,
            "A subscription that returns a token (IDisposable, CancellationTokenRegistration) is released only by disposing the token; the type that keeps it must dispose it.");

        public static readonly DiagnosticDescriptor MEM006TokenRepeated = Create(
            RuleIdentifiers.UnreleasedEventSubscription, MEM006Title,
            "'{0}' subscribes again each time {2} and no token is disposed: every subscription keeps this '{1}' alive while the publisher lives; dispose the previous token before subscribing again, or subscribe once",
            Reliability, DiagnosticSeverity.Warning,
            "A subscription made in a loop or in a method that can run many times adds a new one each time; without disposing the tokens they pile up on the publisher, each keeping the subscriber alive.");

        // MEM900 — the baseline file (docs/ci.md): reported once the compilation is seen, on the file itself.
        internal const string MEM900Title = "The baseline file can be read and names code that exists";

        public static readonly DiagnosticDescriptor MEM900Unreadable = Create(
            RuleIdentifiers.BaselineFile, MEM900Title,
            "The MemRules baseline '{0}' cannot be used: {1}; no finding is suppressed by it. Rewrite it with 'dotnet build -p:MemRulesWriteBaseline=true'.",
            Configuration, DiagnosticSeverity.Warning,
            "The baseline file lists the findings accepted when it was written. A file that is not the JSON the package writes suppresses nothing, so every finding is reported again.",
            WellKnownDiagnosticTags.CompilationEnd);

        public static readonly DiagnosticDescriptor MEM900Stale = Create(
            RuleIdentifiers.BaselineFile, MEM900Title,
            "The MemRules baseline '{0}' is stale: {1} of its findings name a file or member that no longer exists ({2}). Rewrite it with 'dotnet build -p:MemRulesWriteBaseline=true'.",
            Configuration, DiagnosticSeverity.Warning,
            "A baseline entry whose file is no longer in the project, or whose member is no longer declared in that file, can never match a finding again: the code it accepted was removed or renamed, and the baseline should be rewritten so that it lists only what is still there.",
            WellKnownDiagnosticTags.CompilationEnd);

        /// <summary>Every descriptor, for the analyzers' SupportedDiagnostics and the meta tests.</summary>
        public static readonly System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> All =
            System.Collections.Immutable.ImmutableArray.Create(
                MEM001NeverReleased, MEM001NotOnEveryPath,
                MEM002TypeNotDisposable, MEM002FieldNotDisposed, MEM002FieldReplaced,
                MEM003CleanupNotInFinally, MEM003ThrowLeaks, MEM003TryStartsLate,
                MEM004UseUsing,
                MEM005UnboundedCollection, MEM005UnboundedInternalCollection, MEM005UnboundedCache, MEM005UnboundedInternalCache,
                MEM006NeverUnsubscribed, MEM006LambdaSubscription, MEM006TokenDropped, MEM006TokenNotDisposed, MEM006TokenRepeated,
                MEM900Unreadable, MEM900Stale);

        private static DiagnosticDescriptor Create(
            string id, string title, string message, string category, DiagnosticSeverity severity, string description, params string[] customTags) =>
            new DiagnosticDescriptor(
                id, title, message, category, severity,
                isEnabledByDefault: true,
                description: description,
                helpLinkUri: RuleIdentifiers.GetHelpUri(id),
                customTags: customTags);
    }
}
