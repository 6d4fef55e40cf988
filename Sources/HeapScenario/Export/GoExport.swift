// `heapscope export-go`: a scenario as a Go program, so that the same allocations can run on
// the real runtime and its MemStats be compared with heapscope's.
//
// What translates: types, `new`/`alloc`/`make`, pointer stores, `drop`, globals, loops and
// functions, `gc` (runtime.GC), `setgcpercent`, `freeosmemory`, the settings `procs`, `gogc`
// and `memlimit`, and `rand(A, B)` sizes (with heapscope's own generator, so the sizes match).
// `readmemstats`, every bookmark and the end print the MemStats heapscope shows. What has no
// Go equivalent — stepping the collector (`gc start`, `gc step`), `sweep`, `scavenge`,
// simulated `sleep`, goroutines bound to a P, captions and expectations — becomes a comment
// at its place.
//
// Scenario variables become package variables: in heapscope a variable is a stack slot the
// collector scans, and in Go a local that does not escape would be put on the stack and never
// reach the heap at all. A package variable makes every object escape and keeps it reachable
// until it is dropped; a loop's or function's variables are set to nil where they would end.

/// Translates a parsed scenario into Go source.
public struct GoExport {
    let syntax: ScenarioSyntax
    let fileName: String
    /// Declared types, by name.
    var types: [String: TypeExpr] = [:]
    /// Package variables: Go name and type, in declaration order.
    var variables: [(name: String, type: String)] = []
    /// Their Go names, for the clash test (a scan of `variables` made 20,000 declarations cost
    /// 20,000² comparisons).
    var variableNames: Set<String> = []
    /// Scenario name → Go variable name (a name declared with two types gets a suffix) and type.
    var bound: [String: (go: String, type: TypeExpr)] = [:]
    var usesUnsafe = false
    var usesRandom = false
    var usesAs = false
    /// The scenario's function names (a variable of the same name is renamed).
    var functionNames: Set<String> = []
    var usesDebug = false
    /// Statements left as comments (no Go equivalent).
    public private(set) var untranslated = 0
    /// Of those, the stores whose value is an allocation: the Go program does not make it.
    public private(set) var untranslatedAllocations = 0

    /// The file the program is written to, when not standard output: the header's `go run` names it.
    let goFile: String?

    public init(_ syntax: ScenarioSyntax, fileName: String, goFile: String? = nil) {
        self.syntax = syntax
        self.fileName = fileName
        self.goFile = goFile
    }

    static let byteType = TypeExpr.slice(.named("byte", SourceLocation(line: 0, column: 0)))
    static let rawType = TypeExpr.slice(.named("unsafe.Pointer", SourceLocation(line: 0, column: 0)))
    static let unsafePointer = TypeExpr.named("unsafe.Pointer", SourceLocation(line: 0, column: 0))

    /// The Go program.
    public mutating func program() -> String {
        for s in syntax.statements {
            if case .typeDecl(let n, let t) = s.kind { types[n] = t }
            if case .funcDecl(let n, _) = s.kind { functionNames.insert(n) }
        }
        var mainBody: [String] = []
        var funcs: [String] = []
        var settings: [String] = []
        for s in syntax.statements {
            switch s.kind {
            case .setting(let setting):
                switch setting {
                case .procs(let n): settings.append("runtime.GOMAXPROCS(\(n))")
                case .gogc(let v): usesDebug = true; settings.append("debug.SetGCPercent(\(v ?? -1))")
                case .memoryLimit(let v):
                    usesDebug = true
                    settings.append(v.map { "debug.SetMemoryLimit(\($0))" } ?? "debug.SetMemoryLimit(math.MaxInt64)")
                case .seed(let v): settings.append("rng.state = \(v)")
                case .profile(let p): settings.append("// profile \(p): run this with that Go release to compare")
                case .arena, .collector, .writeBarrier: settings.append("// \(s.text): no Go equivalent")
                }
            case .typeDecl, .funcDecl: break
            default: break
            }
        }
        // The globals first: function bodies store into them. A global declared nil holds
        // any pointer (unsafe.Pointer); one set from a variable is typed where it is declared.
        for s in syntax.statements {
            guard case .global(let name, let a) = s.kind else { continue }
            if let a {
                if case .path = a.source { continue }
                _ = bind(name, value(a.source).1)
            } else {
                _ = bind(name, Self.unsafePointer)
            }
        }
        // Functions next, so that their variables are known; then main's statements. A
        // function sees the globals and its own variables, not main's.
        let globalsOnly = bound
        for s in syntax.statements {
            if case .funcDecl(let name, let body) = s.kind {
                bound = globalsOnly
                var lines = ["func \(Self.goFunctionName(name))() {"]
                lines += block(body, indent: 1, endsScope: true)
                lines.append("}")
                funcs.append(lines.joined(separator: "\n"))
            }
        }
        bound = globalsOnly
        mainBody += block(syntax.statements.filter {
            if case .funcDecl = $0.kind { return false }
            if case .setting = $0.kind { return false }
            return true
        }, indent: 1)
        var out: [String] = []
        out.append("// Generated by heapscope export-go from \(fileName): the statements that have a Go")
        out.append("// equivalent; the others are comments at their place. Run it with the Go release the")
        out.append("// scenario's profile names and compare what it prints with `heapscope run`:")
        out.append("//")
        out.append("//\tgo run \(goFile.map { $0.split(separator: "/").last.map(String.init) ?? $0 } ?? Self.goFileName(fileName))")
        // What the program needs beyond Go 1: unsafe.SliceData and unsafe.String arrived in
        // Go 1.20, unsafe.Slice in 1.17, generics (as[T]) in 1.18.
        let code = (funcs + mainBody).joined(separator: "\n")
        let needs: (String, String)? = code.contains("unsafe.SliceData") ? ("unsafe.SliceData", "1.20")
            : code.contains("unsafe.String(") ? ("unsafe.String", "1.20")
            : usesAs ? ("generics (as[T])", "1.18")
            : types.values.contains(where: { $0.goSyntax.contains("any") }) ? ("the predeclared any", "1.18")
            : code.contains("unsafe.Slice(") ? ("unsafe.Slice", "1.17") : nil
        if let (what, release) = needs {
            out.append("//")
            out.append("// It uses \(what) (Go \(release)), so it builds with Go \(release) or later: for profile")
            out.append("// go1.12, run it with the oldest release you have and expect the differences")
            out.append("// `heapscope compare` shows between go1.12 and go1.25.")
        }
        out.append("package main")
        out.append("")
        if settings.contains(where: { $0.hasPrefix("rng.") }) { usesRandom = true }
        // The type declarations first: a struct with an unsafe.Pointer field needs the import
        // even when no statement converts anything.
        var typeDecls: [String] = []
        for s in syntax.statements {
            if case .typeDecl(let n, let t) = s.kind { typeDecls.append("type \(Self.goTypeName(n)) \(goType(t))") }
        }
        if typeDecls.contains(where: { $0.contains("unsafe.") }) { usesUnsafe = true }
        var imports = ["fmt", "runtime"]
        if usesDebug || mainBody.contains(where: { $0.contains("debug.") }) { imports.append("runtime/debug") }
        if settings.contains(where: { $0.contains("math.MaxInt64") }) { imports.append("math") }
        if usesUnsafe { imports.append("unsafe") }
        if usesRandom { imports.append("math/bits") }
        out.append("import (")
        for i in imports.sorted() { out.append("\t\"\(i)\"") }
        out.append(")")
        out.append("")
        out += typeDecls
        if !variables.isEmpty {
            out.append("")
            out.append("// The scenario's variables: package variables, so that every object escapes to the heap")
            out.append("// and stays reachable until dropped, as a heapscope variable (a stack slot) keeps it.")
            out.append("var (")
            for v in variables { out.append("\t\(v.name) \(v.type)") }
            out.append(")")
        }
        out.append("")
        out.append(Self.memStatsFunction)
        if usesRandom {
            out.append("")
            out.append(Self.randomFunctions)
        }
        if usesAs {
            out.append("")
            out.append(Self.asFunction)
        }
        for f in funcs { out.append(""); out.append(f) }
        out.append("")
        out.append("func main() {")
        for s in settings { out.append("\t" + s) }
        out += mainBody
        out.append("\tprintMemStats(\"end\")")
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    /// For each `name := nil` among `statements` (by index), the type of the first allocation
    /// assigned to that variable itself later on — loop bodies included — before anything
    /// declares the name again. One pass over the block and its loop bodies (walked with a
    /// stack), so that a block of many such declarations costs what it holds, not its square.
    static func nilDeclarationTypes(_ statements: [Statement]) -> [Int: TypeExpr] {
        var answers: [Int: TypeExpr] = [:]
        var pending: [String: Int] = [:]
        var stack: [(list: ArraySlice<Statement>, top: Bool)] = [(statements[...], true)]
        while var (list, top) = stack.popLast() {
            while let st = list.popFirst() {
                switch st.kind {
                case .assign(let path, let a) where path.elements.isEmpty:
                    guard let i = pending[path.base] else { continue }
                    let type: TypeExpr
                    switch a.source {
                    case .new(let t): type = .pointer(t)
                    case .make(let e, _): type = .slice(e)
                    case .alloc(_, let noscan): type = noscan ? byteType : rawType
                    case .null, .path: continue
                    }
                    answers[i] = type
                    pending[path.base] = nil
                case .declare(let n, let a):
                    pending[n] = nil
                    if top, case .null = a.source { pending[n] = statements.count - list.count - 1 }
                case .varDecl(let n, _, _):
                    pending[n] = nil
                case .repeatLoop(_, let body):
                    stack.append((list, top))
                    (list, top) = (body[...], false)
                default: continue
                }
            }
        }
        return answers
    }

    /// Whether a translated value allocates (new, make, or raw memory).
    static func allocates(_ expr: String) -> Bool { expr.contains("new(") || expr.contains("make(") }

    static func goFileName(_ name: String) -> String {
        if name == "<stdin>" { return "main.go" }
        let base = name.split(separator: "/").last.map(String.init) ?? name
        return (base.hasSuffix(".heap") ? String(base.dropLast(5)) : base) + ".go"
    }

    // MARK: - Statements

    /// `endsScope`: the block's variables end with it (a loop body, a function body).
    mutating func block(_ statements: [Statement], indent: Int, endsScope: Bool = false) -> [String] {
        let pad = String(repeating: "\t", count: indent)
        var out: [String] = []
        var declaredHere: [String] = []
        // A block that ends its variables is a scope: a name declared in it that an outer
        // scope already binds gets a package variable of its own (one variable for both would
        // lose the outer object), and the outer binding is back when the block ends.
        let outer = bound
        defer { if endsScope { bound = outer } }
        let laterTypes = Self.nilDeclarationTypes(statements)
        for (index, s) in statements.enumerated() {
            switch s.kind {
            case .typeDecl, .setting, .funcDecl:
                break
            case .declare(let name, let a):
                if a.goroutine != nil || a.pLocation != nil { out.append(pad + "// line \(s.location.line): \(s.text) — on another goroutine or P in heapscope; here on main") }
                var (expr, type) = value(a.source)
                // `c := nil`: the type of what is put in it later, so that `c.next = …` has a
                // Go field to store into (as unsafe.Pointer it had none, and the store and its
                // allocation were a comment).
                if case .null = a.source, let later = laterTypes[index] {
                    type = later
                }
                let v = bind(name, type, fresh: endsScope && outer[name] != nil)
                declaredHere.append(v)
                out.append(pad + "\(v) = \(expr)")
            case .varDecl(let name, let t, _):
                let v = bind(name, t, fresh: endsScope && outer[name] != nil)
                declaredHere.append(v)
                out.append(pad + "\(v) = nil")
            case .global(let name, let a):
                if let a {
                    let (expr, type) = value(a.source)
                    out.append(pad + "\(bind(name, type)) = \(expr)")
                } else {
                    out.append(pad + "// line \(s.location.line): \(s.text) (a package variable, nil)")
                }
            case .assign(let path, let a):
                let (expr, type) = value(a.source)
                if path.elements.isEmpty, let b = bound[path.base] {
                    out.append(pad + "\(b.go) = \(convert(expr, from: type, to: b.type))")
                } else if let target = pathType(path), case .named("error", _) = resolve(target), expr != "nil",
                          resolve(type).goSyntax != "error" {
                    // heapscope puts the pointer in the error's data word; Go takes only a
                    // value with an Error method.
                    untranslated += 1
                    if Self.allocates(expr) { untranslatedAllocations += 1 }
                    out.append(pad + "// line \(s.location.line): \(Self.commentSafe(s.text)) — a pointer in an error's data word; no Go equivalent")
                } else if let target = pathType(path) {
                    out.append(pad + "\(goPath(path)) = \(convert(expr, from: type, to: target))")
                } else {
                    untranslated += 1
                    if Self.allocates(expr) { untranslatedAllocations += 1 }
                    out.append(pad + "// line \(s.location.line): \(Self.commentSafe(s.text)) — could not type the path")
                }
            case .drop(let names):
                out.append(pad + names.names.map { "\(bound[$0]?.go ?? $0) = nil" }.joined(separator: "; "))
            case .repeatLoop(let count, let body):
                // No loop variable to clash with the scenario's names (an `i` of its own was
                // shadowed by the loop's): ranging over an array of zero-size elements.
                out.append(pad + "for range [\(count)]struct{}{} {")
                out += block(body, indent: indent + 1, endsScope: true)
                out.append(pad + "}")
            case .call(let name):
                out.append(pad + "\(Self.goFunctionName(name))()")
            case .gc(.full):
                out.append(pad + "runtime.GC()")
            case .gc:
                untranslated += 1
                out.append(pad + "// line \(s.location.line): \(s.text) — the real runtime marks by itself; no Go equivalent")
            case .setGCPercent(let v):
                usesDebug = true
                out.append(pad + "debug.SetGCPercent(\(v ?? -1))")
            case .freeOSMemory:
                usesDebug = true
                out.append(pad + "debug.FreeOSMemory()")
            case .readMemStats:
                out.append(pad + "printMemStats(\"line \(s.location.line): readmemstats\")")
            case .bookmark(let name):
                out.append(pad + "printMemStats(\(Self.goString("bookmark " + name)))")
            case .say(let text):
                out.append(pad + "// say: " + Self.commentSafe(text))
            case .ask(let q, let a):
                out.append(pad + "// ask: " + Self.commentSafe(q) + " — " + Self.commentSafe(a))
            case .expect, .pause, .layout:
                out.append(pad + "// " + Self.commentSafe(s.text))
            case .sweep, .scavenge, .sleep, .goroutine:
                untranslated += 1
                out.append(pad + "// line \(s.location.line): \(Self.commentSafe(s.text)) — heapscope's simulated runtime only; no Go equivalent")
            }
        }
        // A block's variables end with it (each iteration, each return).
        if endsScope {
            for v in declaredHere { out.append(pad + "\(v) = nil") }
        }
        return out
    }

    /// Go's keywords and predeclared names, and the names the exported program declares or
    /// imports itself.
    static let goReserved: Set<String> = goKeywords.union([
        "any", "append", "bool", "byte", "cap", "clear", "close", "complex", "copy", "delete", "error", "false",
        "imag", "int", "iota", "len", "make", "max", "min", "new", "nil", "panic", "print", "println", "real",
        "recover", "rune", "string", "true", "uint", "uintptr",
        "fmt", "runtime", "debug", "unsafe", "math", "bits", "main", "init", "printMemStats", "as", "rng", "splitmix", "_",
    ])

    /// A type as Go spells it in the exported program: TypeExpr.goSyntax, with the declared
    /// types and the fields whose names Go keeps for itself renamed (`type main` is `main_t`,
    /// a field `range` is `range_`), as goPath writes them.
    func goType(_ t: TypeExpr) -> String {
        t.goSyntax(typeName: { types[$0] != nil ? Self.goTypeName($0) : $0 }, fieldName: Self.goFieldName)
    }

    /// A declared type's name in Go.
    static func goTypeName(_ name: String) -> String { goReserved.contains(name) ? name + "_t" : name }

    /// A field's name in Go: a keyword gets an underscore (any other name is a field's own).
    static func goFieldName(_ name: String) -> String { goKeywords.contains(name) ? name + "_" : name }

    static let goKeywords: Set<String> = [
        "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for", "func",
        "go", "goto", "if", "import", "interface", "map", "package", "range", "return", "select", "struct",
        "switch", "type", "var",
    ]

    /// A scenario function's name in Go (suffixed where it would clash, as variables are).
    static func goFunctionName(_ name: String) -> String { goReserved.contains(name) ? name + "_f" : name }

    /// Declares (or reuses) the package variable for scenario variable `name` of `type`.
    mutating func bind(_ name: String, _ type: TypeExpr, fresh: Bool = false) -> String {
        if !fresh, let b = bound[name], b.type.goSyntax == type.goSyntax { return b.go }
        if type.goSyntax.contains("unsafe.") { usesUnsafe = true }
        // A scenario name that is a Go keyword, a name the program uses itself (an import,
        // main, a helper) or one of the scenario's functions gets a suffix.
        var go = Self.goReserved.contains(name) || functionNames.contains(name) || types[name] != nil ? name + "_v" : name
        var n = 2
        while variableNames.contains(go) || functionNames.contains(where: { Self.goFunctionName($0) == go }) { go = "\(name)_\(n)"; n += 1 }
        variables.append((go, goType(type)))
        variableNames.insert(go)
        bound[name] = (go, type)
        return go
    }

    /// A value's Go expression and type.
    mutating func value(_ source: ValueSource) -> (String, TypeExpr) {
        switch source {
        case .new(let t): return ("new(\(goType(t)))", .pointer(t))
        case .alloc(let size, let noscan):
            let n = sizeExpr(size)
            if noscan { return ("make([]byte, \(n))", Self.byteType) }
            usesUnsafe = true
            return ("make([]unsafe.Pointer, (\(n)+7)/8)", Self.rawType)
        case .make(let element, let count):
            return ("make([]\(goType(element)), \(sizeExpr(count)))", .slice(element))
        case .null: return ("nil", Self.unsafePointer)
        case .path(let p):
            return (goPath(p), pathType(p) ?? Self.unsafePointer)
        }
    }

    mutating func sizeExpr(_ s: SizeExpr) -> String {
        switch s {
        case .literal(let n): return String(n)
        case .random(let a, let b):
            usesRandom = true
            return "rng.nextIn(\(a), \(b))"
        }
    }

    /// `expr` of type `from` where `to` is wanted.
    mutating func convert(_ expr: String, from: TypeExpr, to: TypeExpr) -> String {
        if expr == "nil" || from.goSyntax == to.goSyntax { return expr }
        let t = resolve(to)
        // An empty interface takes any pointer as its data word (raw memory by its address,
        // not a boxed slice header); `error` takes only values with an Error method.
        var empty = false
        if case .interface = t { empty = true }
        if case .named(let n, _) = t, n == "any" { empty = true }
        if empty {
            if case .slice = resolve(from) { usesUnsafe = true; return "unsafe.Pointer(unsafe.SliceData(\(expr)))" }
            return expr
        }
        usesUnsafe = true
        let raw: String
        switch resolve(from) {
        case .slice: raw = "unsafe.Pointer(unsafe.SliceData(\(expr)))"
        case .named("unsafe.Pointer", _): raw = expr
        // An interface's pointer is its data word, the second (as heapscope stores it): read
        // in place (a path or a package variable is addressable); a conversion does not compile.
        case .interface, .named("any", _), .named("error", _): raw = "(*[2]unsafe.Pointer)(unsafe.Pointer(&\(expr)))[1]"
        default: raw = "unsafe.Pointer(\(expr))"
        }
        if to.goSyntax == "unsafe.Pointer" { return raw }
        // The store writes one pointer word: a pointer converts; a string's or a slice's data
        // word takes it with length 0 (the collector follows a data pointer whatever the
        // length); a map, chan or func value is a pointer word reinterpreted (as[T]).
        switch t {
        case .pointer: return "(\(goType(to)))(\(raw))"
        case .slice(let element): return "unsafe.Slice((*\(goType(element)))(\(raw)), 0)"
        case .named("string", _): return "unsafe.String((*byte)(\(raw)), 0)"
        default:
            usesAs = true
            return "as[\(goType(to))](\(raw))"
        }
    }

    /// Reinterprets a pointer word as a word-sized pointer type (map, chan, func).
    static let asFunction = """
        // as reinterprets a pointer as a map, chan or func value: one pointer word, as the
        // scenario stored it.
        func as[T any](p unsafe.Pointer) T { return *(*T)(unsafe.Pointer(&p)) }
        """

    /// Follows named types to their definitions (at most 64 steps: a cycle of names ends).
    func resolve(_ t: TypeExpr) -> TypeExpr {
        var t = t
        for _ in 0..<64 {
            guard case .named(let n, _) = t, let d = types[n] else { return t }
            t = d
        }
        return t
    }

    /// The type a path names, following pointers, fields and indexes.
    func pathType(_ p: PathExpr) -> TypeExpr? {
        guard var t = bound[p.base]?.type else { return nil }
        for e in p.elements {
            if case .pointer(let inner) = resolve(t) { t = inner }
            switch (e, resolve(t)) {
            case (.field(let f, _), .structure(let fields)):
                guard let fd = fields.first(where: { $0.name == f }) else { return nil }
                t = fd.type
            case (.index, .slice(let el)), (.index, .array(_, let el)):
                t = el
            default:
                return nil
            }
        }
        return t
    }

    func goPath(_ p: PathExpr) -> String {
        (bound[p.base]?.go ?? p.base) + p.elements.map {
            switch $0 {
            case .field(let f, _): "." + Self.goFieldName(f)
            case .index(let i, _): "[\(i)]"
            }
        }.joined()
    }

    static func commentSafe(_ s: String) -> String {
        SafeText.clean(s).split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ")
    }

    static func goString(_ s: String) -> String {
        var out = "\""
        for u in SafeText.clean(s).unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    static let memStatsFunction = """
        // printMemStats prints the figures heapscope's final state shows.
        func printMemStats(where string) {
        \tvar m runtime.MemStats
        \truntime.ReadMemStats(&m)
        \tfmt.Printf("%s: HeapAlloc %d HeapSys %d HeapIdle %d HeapInuse %d HeapReleased %d HeapObjects %d Mallocs %d Frees %d NextGC %d NumGC %d\\n",
        \t\twhere, m.HeapAlloc, m.HeapSys, m.HeapIdle, m.HeapInuse, m.HeapReleased, m.HeapObjects, m.Mallocs, m.Frees, m.NextGC, m.NumGC)
        }
        """

    static let randomFunctions = """
        // splitmix is heapscope's SeededRandom (SplitMix64, and Swift's unbiased
        // next(upperBound:)), so that rand(A, B) sizes are the ones heapscope draws.
        type splitmix struct{ state uint64 }

        var rng = splitmix{state: 1}

        func (r *splitmix) next() uint64 {
        \tr.state += 0x9E3779B97F4A7C15
        \tz := r.state
        \tz = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
        \tz = (z ^ (z >> 27)) * 0x94D049BB133111EB
        \treturn z ^ (z >> 31)
        }

        func (r *splitmix) nextIn(lo, hi int) int {
        \twidth := uint64(hi-lo) + 1
        \th, l := bits.Mul64(r.next(), width)
        \tif l < width {
        \t\tt := (0 - width) % width
        \t\tfor l < t {
        \t\t\th, l = bits.Mul64(r.next(), width)
        \t\t}
        \t}
        \treturn lo + int(h)
        }
        """
}
