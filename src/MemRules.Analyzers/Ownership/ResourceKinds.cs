using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace MemRules.Analyzers.Ownership
{
    /// <summary>What a leaked resource holds, from what hurts a long-running process most to least.</summary>
    internal enum ResourceKind
    {
        /// <summary>It cannot be told: an interface-typed value, an unresolved or unknown type.</summary>
        Unknown,

        /// <summary>Dispose frees only managed memory, or nothing.</summary>
        Managed,

        /// <summary>A buffer rented from a pool: not returning it costs a later allocation, not a leak.</summary>
        Pooled,

        /// <summary>A held lock or semaphore count.</summary>
        Lock,

        /// <summary>A callback registration that keeps objects alive: timers, token registrations, subscriptions.</summary>
        Registration,

        /// <summary>Unmanaged memory or a native library object: crypto, native compression state, pinned memory.</summary>
        Native,

        /// <summary>An operating-system handle: files, sockets, pipes, processes, wait handles, registry keys.</summary>
        Handle,
    }

    /// <summary>A resource kind and how a message says it (<c>a file handle</c>).</summary>
    internal readonly struct HeldResource
    {
        public HeldResource(ResourceKind kind, string phrase)
        {
            Kind = kind;
            Phrase = phrase;
        }

        public ResourceKind Kind { get; }

        public string Phrase { get; }

        /// <summary>The stronger of two: the one that hurts more, Unknown above Managed.</summary>
        public static HeldResource Max(HeldResource a, HeldResource b) => Rank(b.Kind) > Rank(a.Kind) ? b : a;

        private static int Rank(ResourceKind kind) => kind switch
        {
            ResourceKind.Managed => 0,
            ResourceKind.Unknown => 1,
            _ => (int)kind,
        };

        /// <summary>Whether a finding of this kind is reported at the rule's severity by default (else as a suggestion).</summary>
        public bool Hurts => Kind is ResourceKind.Handle or ResourceKind.Native or ResourceKind.Registration or ResourceKind.Lock or ResourceKind.Unknown;

        /// <summary>The part of a message after the resource's name: <c> (a file handle)</c>; nothing when unknown.</summary>
        public string InMessage => Kind == ResourceKind.Unknown ? string.Empty : " (" + Phrase + ")";
    }

    /// <summary>
    /// What each resource holds. Framework types come from one table below, by type or base type (a
    /// <c>FileStream</c> subclass, any <c>WaitHandle</c>); a wrapper holds what it owns (<c>new StreamReader(path)</c>
    /// a file handle, <c>new StreamReader(socketStream)</c> a socket); a few factories say more than their
    /// return type (<c>CancellationTokenSource.CreateLinkedTokenSource</c> registers a callback). A type of the
    /// compilation holds what its instance fields hold, transitively, native memory when it declares
    /// <c>extern</c> methods or pointer-sized fields, and only managed memory when it holds nothing else.
    /// </summary>
    internal sealed class ResourceKinds
    {
        private static readonly ImmutableDictionary<string, HeldResource> Types = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new[]
        {
            Of("System.IO.FileStream", ResourceKind.Handle, "a file handle"),
            Of("System.IO.Pipes.PipeStream", ResourceKind.Handle, "a pipe handle"),
            Of("System.IO.FileSystemWatcher", ResourceKind.Handle, "a file-system watcher"),
            Of("System.IO.IsolatedStorage.IsolatedStorageFile", ResourceKind.Handle, "a file handle"),
            Of("System.IO.Ports.SerialPort", ResourceKind.Handle, "a serial port"),
            Of("System.IO.MemoryMappedFiles.MemoryMappedFile", ResourceKind.Handle, "a memory-mapped file"),
            Of("System.IO.MemoryMappedFiles.MemoryMappedViewAccessor", ResourceKind.Handle, "a memory-mapped view"),
            Of("System.IO.MemoryMappedFiles.MemoryMappedViewStream", ResourceKind.Handle, "a memory-mapped view"),
            Of("System.Net.Sockets.Socket", ResourceKind.Handle, "a socket"),
            Of("System.Net.Sockets.NetworkStream", ResourceKind.Handle, "a socket"),
            Of("System.Net.Sockets.TcpClient", ResourceKind.Handle, "a socket"),
            Of("System.Net.Sockets.TcpListener", ResourceKind.Handle, "a listening socket"),
            Of("System.Net.Sockets.UdpClient", ResourceKind.Handle, "a socket"),
            Of("System.Net.Http.HttpClient", ResourceKind.Handle, "a connection pool"),
            Of("System.Net.Http.HttpMessageHandler", ResourceKind.Handle, "a connection pool"),
            Of("System.Net.Http.HttpResponseMessage", ResourceKind.Handle, "a network connection"),
            Of("System.Net.WebResponse", ResourceKind.Handle, "a network connection"),
            Of("System.Net.Mail.SmtpClient", ResourceKind.Handle, "a socket"),
            Of("System.Diagnostics.Process", ResourceKind.Handle, "a process handle"),
            Of("System.Diagnostics.EventLog", ResourceKind.Handle, "an event-log handle"),
            Of("System.Threading.WaitHandle", ResourceKind.Handle, "a wait handle"),
            Of("Microsoft.Win32.RegistryKey", ResourceKind.Handle, "a registry key"),
            Of("System.Runtime.InteropServices.SafeHandle", ResourceKind.Handle, "an OS handle"),
            Of("System.Data.Common.DbConnection", ResourceKind.Handle, "a database connection"),
            Of("System.Data.Common.DbDataReader", ResourceKind.Handle, "a database connection"),
            Of("System.Security.Cryptography.X509Certificates.X509Store", ResourceKind.Handle, "a certificate-store handle"),

            Of("System.Security.Cryptography.HashAlgorithm", ResourceKind.Native, "a native hash object"),
            Of("System.Security.Cryptography.IncrementalHash", ResourceKind.Native, "a native hash object"),
            Of("System.Security.Cryptography.SymmetricAlgorithm", ResourceKind.Native, "a native cipher"),
            Of("System.Security.Cryptography.AsymmetricAlgorithm", ResourceKind.Native, "a native key"),
            Of("System.Security.Cryptography.ICryptoTransform", ResourceKind.Native, "a native crypto transform"),
            Of("System.Security.Cryptography.DeriveBytes", ResourceKind.Native, "a native key-derivation object"),
            Of("System.Security.Cryptography.RandomNumberGenerator", ResourceKind.Native, "a native random generator"),
            Of("System.Security.Cryptography.X509Certificates.X509Certificate", ResourceKind.Native, "a native certificate"),
            Of("System.Security.Cryptography.X509Certificates.X509Chain", ResourceKind.Native, "a native certificate chain"),
            Of("System.IO.Compression.DeflateStream", ResourceKind.Native, "native compression state"),
            Of("System.IO.Compression.GZipStream", ResourceKind.Native, "native compression state"),
            Of("System.IO.Compression.ZLibStream", ResourceKind.Native, "native compression state"),
            Of("System.IO.Compression.BrotliStream", ResourceKind.Native, "native compression state"),
            Of("System.IO.Compression.BrotliEncoder", ResourceKind.Native, "native compression state"),
            Of("System.IO.Compression.BrotliDecoder", ResourceKind.Native, "native compression state"),
            Of("System.IO.UnmanagedMemoryStream", ResourceKind.Native, "unmanaged memory"),
            Of("System.Buffers.MemoryHandle", ResourceKind.Native, "a pinned buffer"),
            Of("System.Drawing.Image", ResourceKind.Native, "a GDI+ object"),
            Of("System.Drawing.Graphics", ResourceKind.Native, "a GDI+ object"),
            Of("System.Drawing.Font", ResourceKind.Native, "a GDI+ object"),
            Of("System.Drawing.Brush", ResourceKind.Native, "a GDI+ object"),
            Of("System.Drawing.Pen", ResourceKind.Native, "a GDI+ object"),

            Of("System.Threading.Timer", ResourceKind.Registration, "a timer"),
            Of("System.Timers.Timer", ResourceKind.Registration, "a timer"),
            Of("System.Threading.PeriodicTimer", ResourceKind.Registration, "a timer"),
            Of("System.Threading.CancellationTokenRegistration", ResourceKind.Registration, "a callback registration"),
            Of("System.Diagnostics.Activity", ResourceKind.Registration, "a current activity"),
            Of("System.Diagnostics.DiagnosticListener", ResourceKind.Registration, "a listener registration"),
            Of("System.Diagnostics.Metrics.Meter", ResourceKind.Registration, "a meter registration"),
            Of("System.Diagnostics.Tracing.EventListener", ResourceKind.Registration, "an event-source registration"),

            Of("System.Buffers.IMemoryOwner`1", ResourceKind.Pooled, "a pooled buffer"),
            Of("System.Text.Json.JsonDocument", ResourceKind.Pooled, "pooled buffers"),

            Of("System.IO.MemoryStream", ResourceKind.Managed, "managed memory only"),
            Of("System.IO.StringReader", ResourceKind.Managed, "managed memory only"),
            Of("System.IO.StringWriter", ResourceKind.Managed, "managed memory only"),
            Of("System.Threading.CancellationTokenSource", ResourceKind.Managed, "managed memory only"),
            Of("System.Threading.SemaphoreSlim", ResourceKind.Managed, "managed memory only"),
            Of("System.Threading.ManualResetEventSlim", ResourceKind.Managed, "managed memory only"),
            Of("System.Threading.CountdownEvent", ResourceKind.Managed, "managed memory only"),
            Of("System.Threading.ReaderWriterLockSlim", ResourceKind.Managed, "managed memory only"),
            Of("System.Threading.ThreadLocal`1", ResourceKind.Managed, "managed memory only"),
            Of("System.Net.Http.HttpRequestMessage", ResourceKind.Managed, "managed memory only"),
            Of("System.Net.Http.StringContent", ResourceKind.Managed, "managed memory only"),
            Of("System.Net.Http.ByteArrayContent", ResourceKind.Managed, "managed memory only"),
            Of("System.Data.DataTable", ResourceKind.Managed, "managed memory only"),
            Of("System.Data.DataSet", ResourceKind.Managed, "managed memory only"),
            Of("System.ComponentModel.Component", ResourceKind.Managed, "managed memory only"),
            Of("System.Threading.Tasks.Task", ResourceKind.Managed, "managed memory only"),
        });

        /// <summary>Types whose own state is managed but which own what they wrap: their kind is their inner resource's.</summary>
        private static readonly ImmutableHashSet<string> Wrappers = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "System.IO.StreamReader", "System.IO.StreamWriter", "System.IO.BinaryReader", "System.IO.BinaryWriter",
            "System.IO.BufferedStream", "System.Security.Cryptography.CryptoStream", "System.Net.Security.SslStream",
            "System.Net.Security.NegotiateStream", "System.Net.Http.StreamContent", "System.IO.Compression.ZipArchive",
            "System.IO.Compression.DeflateStream", "System.IO.Compression.GZipStream", "System.IO.Compression.ZLibStream",
            "System.IO.Compression.BrotliStream", "System.Xml.XmlReader", "System.Xml.XmlWriter", "System.Net.Http.HttpClient");

        /// <summary>Abstract framework bases whose own state is managed: a subclass holds what it adds.</summary>
        private static readonly ImmutableHashSet<string> ManagedBases = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "System.IO.Stream", "System.IO.TextReader", "System.IO.TextWriter", "System.Net.Http.HttpContent",
            "System.Net.Http.DelegatingHandler", "System.Xml.XmlReader", "System.Xml.XmlWriter",
            // The framework's algorithms hold native state; the abstract bases do not (a managed cipher of your own).
            "System.Security.Cryptography.SymmetricAlgorithm", "System.Security.Cryptography.HashAlgorithm",
            "System.Security.Cryptography.AsymmetricAlgorithm");

        /// <summary>Factories whose result holds more than its type says, by <c>Type.Method</c>.</summary>
        private static readonly ImmutableDictionary<string, HeldResource> Factories = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new[]
        {
            Of("System.Threading.CancellationTokenSource.CreateLinkedTokenSource", ResourceKind.Registration, "a linked-token registration"),
            Of("System.Threading.CancellationToken.Register", ResourceKind.Registration, "a callback registration"),
            Of("System.Threading.CancellationToken.UnsafeRegister", ResourceKind.Registration, "a callback registration"),
            Of("Microsoft.Extensions.Logging.ILogger.BeginScope", ResourceKind.Registration, "a logging scope"),
            Of("System.IO.File.AppendText", ResourceKind.Handle, "a file handle"),
            Of("System.IO.File.CreateText", ResourceKind.Handle, "a file handle"),
            Of("System.IO.File.OpenText", ResourceKind.Handle, "a file handle"),
            Of("System.IO.FileInfo.AppendText", ResourceKind.Handle, "a file handle"),
            Of("System.IO.FileInfo.CreateText", ResourceKind.Handle, "a file handle"),
            Of("System.IO.FileInfo.OpenText", ResourceKind.Handle, "a file handle"),
            Of("System.IO.Compression.ZipFile.Open", ResourceKind.Handle, "a file handle"),
            Of("System.IO.Compression.ZipFile.OpenRead", ResourceKind.Handle, "a file handle"),
            Of("System.Console.OpenStandardInput", ResourceKind.Handle, "a standard-stream handle"),
            Of("System.Console.OpenStandardOutput", ResourceKind.Handle, "a standard-stream handle"),
            Of("System.Console.OpenStandardError", ResourceKind.Handle, "a standard-stream handle"),
        });

        private readonly KnownSymbols _known;
        private readonly ConcurrentDictionary<ITypeSymbol, HeldResource> _types =
            new ConcurrentDictionary<ITypeSymbol, HeldResource>(SymbolEqualityComparer.Default);

        public ResourceKinds(KnownSymbols known) => _known = known;

        public static HeldResource Describe(ResourceKind kind) => kind switch
        {
            ResourceKind.Handle => new HeldResource(kind, "an OS handle"),
            ResourceKind.Native => new HeldResource(kind, "native memory"),
            ResourceKind.Registration => new HeldResource(kind, "a callback registration"),
            ResourceKind.Lock => new HeldResource(kind, "a lock"),
            ResourceKind.Pooled => new HeldResource(kind, "a pooled buffer"),
            ResourceKind.Managed => new HeldResource(kind, "managed memory only"),
            _ => new HeldResource(ResourceKind.Unknown, "a resource"),
        };

        /// <summary>What the value a creation (<c>new</c>, a factory call, an <c>await</c> of one) makes holds.</summary>
        public HeldResource OfCreation(IOperation creation)
        {
            switch (Operations.StripConversions(creation))
            {
                case IObjectCreationOperation objectCreation:
                    return OfObjectCreation(objectCreation);
                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
                    if (method.ContainingType != null &&
                        Factories.TryGetValue(SymbolNames.MetadataName(method.ContainingType.OriginalDefinition) + "." + method.Name, out var factory))
                    {
                        return factory;
                    }

                    // `new Builder().With(x)`: a fluent call's result is its receiver.
                    return invocation.Instance != null && OwnershipTransfer.IsFluent(invocation, invocation.Instance) &&
                           Operations.StripConversions(invocation.Instance) is IObjectCreationOperation or IInvocationOperation
                        ? OfCreation(invocation.Instance)
                        : OfType(invocation.Type);
                case IAwaitOperation await:
                    var awaited = Operations.WithoutAwait(await, out _);
                    return awaited is IInvocationOperation ? ResultOf(OfCreation(awaited), await.Type) : OfType(await.Type);
                case { } other:
                    return OfType(other.Type);
                default:
                    return Describe(ResourceKind.Unknown);
            }
        }

        // An awaited factory's table entry is about its task's result; otherwise the result's type decides.
        private HeldResource ResultOf(HeldResource factory, ITypeSymbol? result) =>
            factory.Kind == ResourceKind.Managed && result != null ? OfType(result) : factory;

        private HeldResource OfObjectCreation(IObjectCreationOperation creation)
        {
            var own = OfType(creation.Type);
            if (creation.Type is not INamedTypeSymbol type)
            {
                return own;
            }

            var name = SymbolNames.MetadataName(type.OriginalDefinition);
            if (name == "System.Threading.CancellationTokenSource" && creation.Arguments.Length > 0)
            {
                return new HeldResource(ResourceKind.Registration, "a timer");
            }

            if (own.Kind == ResourceKind.Unknown && !type.DeclaringSyntaxReferences.IsEmpty && WrapsOnlyBorrowed(creation))
            {
                // A type of the compilation over the caller's stream (`new MimeContent(stream)`): its unknown part is
                // what it was given, which is not its creator's to release.
                return Describe(ResourceKind.Managed);
            }

            if (!IsWrapper(type))
            {
                return own;
            }

            var held = own.Kind == ResourceKind.Unknown ? Describe(ResourceKind.Managed) : own;
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter is { Type.SpecialType: SpecialType.System_String, Name: "path" or "fileName" or "file" })
                {
                    held = HeldResource.Max(held, new HeldResource(ResourceKind.Handle, "a file handle"));
                }
                else if (argument.Value.Type is { } argumentType && _known.IsDisposable(argumentType) && !argument.IsImplicit &&
                         !IsBorrowed(argument.Value) && FrameworkOwnership.WrapperTakes(creation, argument))
                {
                    var inner = Operations.StripConversions(argument.Value) is IObjectCreationOperation or IInvocationOperation or IAwaitOperation
                        ? OfCreation(argument.Value)
                        : OfType(argumentType);
                    held = HeldResource.Max(held, inner);
                }
            }

            return held;
        }

        /// <summary>
        /// A parameter, a member or <c>this</c>: what it holds is its owner's to release (the caller's, the type's), so a wrapper over
        /// it holds only its own state. Leaving the wrapper undisposed leaks nothing of the inner resource.
        /// </summary>
        private static bool IsBorrowed(IOperation value) =>
            Operations.StripConversions(value) switch
            {
                IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IInstanceReferenceOperation => true,
                // `obj is Stream s`, `foreach (var s in streams)`: a name for something the function was given, never a creation.
                ILocalReferenceOperation { Local.DeclaringSyntaxReferences: { Length: 1 } declared } =>
                    declared[0].GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.SingleVariableDesignationSyntax { Parent: Microsoft.CodeAnalysis.CSharp.Syntax.DeclarationPatternSyntax }
                        or Microsoft.CodeAnalysis.CSharp.Syntax.ForEachStatementSyntax,
                _ => false,
            };

        /// <summary>The creation is given disposables, and every one of them is a parameter or a member.</summary>
        private bool WrapsOnlyBorrowed(IObjectCreationOperation creation)
        {
            bool any = false;
            foreach (var argument in creation.Arguments)
            {
                if (argument.Value.Type is { } argumentType && _known.IsDisposable(argumentType) && !argument.IsImplicit)
                {
                    if (!IsBorrowed(argument.Value))
                    {
                        return false;
                    }

                    any = true;
                }
            }

            return any;
        }

        private static bool IsWrapper(INamedTypeSymbol type)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                if (Wrappers.Contains(SymbolNames.MetadataName(current.OriginalDefinition)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>What a value of this type holds, as far as the type tells.</summary>
        public HeldResource OfType(ITypeSymbol? type)
        {
            if (type == null || type.TypeKind == TypeKind.Error)
            {
                return Describe(ResourceKind.Unknown);
            }

            if (_types.TryGetValue(type, out var known))
            {
                return known;
            }

            var description = Compute(type, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));
            _types.TryAdd(type, description);
            return description;
        }

        private HeldResource Compute(ITypeSymbol type, HashSet<ITypeSymbol> visiting)
        {
            for (var current = type as INamedTypeSymbol; current != null; current = current.BaseType)
            {
                if (Types.TryGetValue(SymbolNames.MetadataName(current.OriginalDefinition), out var listed))
                {
                    return listed;
                }

                if (!current.DeclaringSyntaxReferences.IsEmpty)
                {
                    return OfSourceType(current, visiting);
                }
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (Types.TryGetValue(SymbolNames.MetadataName(implemented.OriginalDefinition), out var listed))
                {
                    return listed;
                }
            }

            return Describe(ResourceKind.Unknown);
        }

        /// <summary>A type of the compilation holds what its base and its instance fields hold.</summary>
        private HeldResource OfSourceType(INamedTypeSymbol type, HashSet<ITypeSymbol> visiting)
        {
            if (!visiting.Add(type))
            {
                return Describe(ResourceKind.Managed); // a cycle adds nothing new
            }

            var held = OfBase(type.BaseType, visiting);
            foreach (var member in type.GetMembers())
            {
                switch (member)
                {
                    case IMethodSymbol { IsExtern: true }:
                    case IFieldSymbol { IsStatic: false, Type.SpecialType: SpecialType.System_IntPtr or SpecialType.System_UIntPtr }:
                        held = HeldResource.Max(held, Describe(ResourceKind.Native));
                        break;
                    case IFieldSymbol { IsStatic: false } field when _known.IsDisposable(field.Type) || field.Type.TypeKind == TypeKind.Error:
                        var fieldKind = _types.TryGetValue(field.Type, out var cached) ? cached : Compute(field.Type, visiting);
                        held = HeldResource.Max(held, fieldKind);
                        break;
                }
            }

            visiting.Remove(type);
            return held;
        }

        /// <summary>What a base class's own state holds: listed, computed for source, nothing for an ordinary class.</summary>
        private HeldResource OfBase(INamedTypeSymbol? baseType, HashSet<ITypeSymbol> visiting)
        {
            if (baseType == null || baseType.SpecialType != SpecialType.None || !_known.IsDisposable(baseType) ||
                ManagedBases.Contains(SymbolNames.MetadataName(baseType.OriginalDefinition)))
            {
                return Describe(ResourceKind.Managed);
            }

            return Compute(baseType, visiting);
        }

        private static KeyValuePair<string, HeldResource> Of(string name, ResourceKind kind, string phrase) =>
            new KeyValuePair<string, HeldResource>(name, new HeldResource(kind, phrase));
    }
}
