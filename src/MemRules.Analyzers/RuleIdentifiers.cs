namespace MemRules.Analyzers
{
    /// <summary>The diagnostic IDs of the package, in one place.</summary>
    public static class RuleIdentifiers
    {
        public const string UndisposedLocal = "MEM001";
        public const string UndisposedField = "MEM002";
        public const string CleanupOutsideFinally = "MEM003";
        public const string TryFinallyToUsing = "MEM004";
        public const string UnboundedCollection = "MEM005";
        public const string UnreleasedEventSubscription = "MEM006";

        /// <summary>The baseline file (memrules.baseline.json) cannot be used, or names code that is gone.</summary>
        public const string BaselineFile = "MEM900";

        /// <summary>Help links are derived from the ID so that they cannot point at the wrong page.</summary>
        public static string GetHelpUri(string id) =>
            "https://github.com/memrules/MemRules.Analyzers/blob/main/docs/rules/" + id + ".md";
    }
}
