namespace MemRules.Analyzers
{
    /// <summary>
    /// The contract between the analyzers and the code fixes (and SARIF readers, the baseline): every key a
    /// diagnostic's properties carry and every value a fix reads. Both assemblies compile these constants,
    /// so neither side writes a property name or value as a literal.
    /// </summary>
    internal static class DiagnosticProperties
    {
        /// <summary>What a MEM001/MEM002/MEM003 finding holds (<see cref="Ownership.ResourceKind"/>'s names).</summary>
        public const string ResourceKind = "MemRules.ResourceKind";

        /// <summary>The resource, field, event or collection the finding is about, by name: part of a baseline entry's identity.</summary>
        public const string Resource = "MemRules.Resource";

        /// <summary>The member that contains the finding (<c>Type.Method(…)</c>): part of a baseline entry's identity.</summary>
        public const string Member = "MemRules.Member";

        /// <summary>Present when the finding is a suggestion because the test defaults apply to its member.</summary>
        public const string TestCode = "MemRules.TestCode";

        /// <summary>A flag property's value.</summary>
        public const string True = "true";

        /// <summary>MEM001: what kind of creation the finding is about.</summary>
        public static class MEM001
        {
            /// <summary>Present on a creation used in place (the receiver of a call, an argument): the fix can hold it in a using.</summary>
            public const string InPlace = "MemRules.MEM001.InPlace";
        }

        /// <summary>MEM002: which case the finding is.</summary>
        public static class MEM002
        {
            public const string Kind = "MemRules.MEM002.Kind";
            public const string NotDisposable = "NotDisposable";
            public const string NotDisposed = "NotDisposed";
            public const string Replaced = "Replaced";

            /// <summary>Present when the member is disposable only asynchronously.</summary>
            public const string AsyncOnly = "MemRules.MEM002.AsyncOnly";

            /// <summary>Present when the member may be null at disposal (it has no initializer).</summary>
            public const string MaybeNull = "MemRules.MEM002.MaybeNull";

            /// <summary>
            /// The overridden release hook (<c>CloseTarget</c>, <c>StopCore</c>) that pairs with the method creating the
            /// member: present when the member is created outside constructors, so the fix releases it where the type's
            /// own lifecycle closes what it opened.
            /// </summary>
            public const string ReleaseHook = "MemRules.MEM002.ReleaseHook";
        }

        /// <summary>MEM003: which rewrite applies.</summary>
        public static class MEM003
        {
            public const string Kind = "MemRules.MEM003.Kind";

            /// <summary>An acquire/release pair (<c>Rent</c>/<c>Return</c>, <c>Wait</c>/<c>Release</c>, …).</summary>
            public const string Pair = "Pair";

            /// <summary>A local disposable released outside a finally.</summary>
            public const string Local = "Local";

            /// <summary>A local disposable held when an explicit <c>throw</c> runs.</summary>
            public const string Throw = "Throw";

            /// <summary>A local disposable released in a finally whose try starts after an operation that can throw (no fix).</summary>
            public const string LateTry = "LateTry";

            /// <summary>For <see cref="Throw"/>: the spans (<c>start:length</c>, separated by <c>;</c>) of every throw that leaks it.</summary>
            public const string Throws = "MemRules.MEM003.Throws";
        }

        /// <summary>MEM005: the bound the fix writes and the eviction that fits.</summary>
        public static class MEM005
        {
            public const string Capacity = "MemRules.MEM005.Capacity";

            /// <summary><see cref="Collections.CollectionKind"/>'s name.</summary>
            public const string CollectionKind = "MemRules.MEM005.CollectionKind";

            /// <summary>
            /// Present when evicting cannot break the program, with the shape that makes it safe; the fix is
            /// offered only then. Absent on the MemoryCache finding, which has no fix.
            /// </summary>
            public const string Eviction = "MemRules.MEM005.Eviction";

            /// <summary>A cache filled on a miss whose reads are all lookups with a fallback.</summary>
            public const string CacheEviction = "Cache";

            /// <summary>A history, log or queue read only in order (or not read at all).</summary>
            public const string SequenceEviction = "Sequence";

            /// <summary>Present instead of <see cref="Eviction"/>: why an eviction could break the program (<see cref="Collections.EvictionHazard"/>'s name).</summary>
            public const string NoEviction = "MemRules.MEM005.NoEviction";
        }

        /// <summary>MEM006: what the handler is and where the publisher comes from.</summary>
        public static class MEM006
        {
            public const string Handler = "MemRules.MEM006.Handler";
            public const string MethodHandler = "Method";
            public const string LambdaHandler = "Lambda";
            public const string LocalFunctionHandler = "LocalFunction";

            public const string Publisher = "MemRules.MEM006.Publisher";

            /// <summary>A static event of another type, or a static member of this type.</summary>
            public const string StaticPublisher = "Static";

            /// <summary>A static member of another type (<c>AppDomain.CurrentDomain</c>).</summary>
            public const string StaticMemberPublisher = "StaticMember";

            /// <summary>A field or auto-property of this type that only ever holds injected objects.</summary>
            public const string FieldPublisher = "Field";

            /// <summary>A parameter of a (non-private) constructor.</summary>
            public const string ConstructorParameterPublisher = "CtorParameter";

            /// <summary>A parameter of a non-private method.</summary>
            public const string ParameterPublisher = "Parameter";

            /// <summary>A member of such an object (<c>options.Source.Changed</c>).</summary>
            public const string MemberPublisher = "Member";

            /// <summary>Present on a subscription that returns a token: what becomes of the token.</summary>
            public const string Token = "MemRules.MEM006.Token";

            /// <summary>Dropped where the object subscribes once (a constructor): the fix keeps it in a field.</summary>
            public const string DroppedToken = "Dropped";

            /// <summary>Kept in a field that nothing disposes, where the object subscribes once: the fix disposes the field.</summary>
            public const string StoredToken = "Stored";

            /// <summary>Dropped or never disposed in a loop, a lambda or a method that can run many times: no fix.</summary>
            public const string RepeatedToken = "Repeated";

            /// <summary>For <see cref="StoredToken"/>: the field or property that keeps the token.</summary>
            public const string TokenField = "MemRules.MEM006.TokenField";

            /// <summary>For <see cref="DroppedToken"/>: a name for the field the fix adds, without its underscore (<c>sourceSubscription</c>).</summary>
            public const string TokenName = "MemRules.MEM006.TokenName";
        }
    }
}
