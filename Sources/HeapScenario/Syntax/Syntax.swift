// The syntax tree of a scenario, as the parser builds it. Every node keeps the position it was
// written at, so that checking and running can point at the exact line and column.

/// A Go type as written in a scenario: `int32`, `*Conn`, `[]byte`, `[4]uint64`,
/// `map[string]int`, `struct { a bool }`, `interface{}`.
public indirect enum TypeExpr: Equatable, Sendable {
    /// A predeclared or declared type name (`bool`, `Conn`, `unsafe.Pointer`).
    case named(String, SourceLocation)
    case pointer(TypeExpr)
    case slice(TypeExpr)
    case array(count: Int, element: TypeExpr)
    case map(key: TypeExpr, value: TypeExpr)
    case chan(TypeExpr)
    /// A func type; `signature` is what follows `func`, as written: `(int) error`.
    case function(signature: String)
    case interface
    case structure([FieldDecl])

    /// The type as Go would print it: `*Conn`, `[4]int32`, `struct { a bool; b int64 }`.
    public var goSyntax: String { goSyntax(typeName: { $0 }, fieldName: { $0 }) }

    /// The type as Go would print it with type and field names written another way (export-go
    /// renames those Go keeps for itself).
    public func goSyntax(typeName: (String) -> String, fieldName: (String) -> String) -> String {
        func go(_ t: TypeExpr) -> String { t.goSyntax(typeName: typeName, fieldName: fieldName) }
        switch self {
        case .named(let n, _): return typeName(n)
        case .pointer(let t): return "*" + go(t)
        case .slice(let t): return "[]" + go(t)
        case .array(let n, let t): return "[\(n)]" + go(t)
        case .map(let k, let v): return "map[\(go(k))]\(go(v))"
        case .chan(let t): return "chan " + go(t)
        case .function(let signature): return "func" + signature
        case .interface: return "interface{}"
        case .structure(let fs):
            return fs.isEmpty ? "struct{}" : "struct { " + fs.map { "\(fieldName($0.name)) \(go($0.type))" }.joined(separator: "; ") + " }"
        }
    }
}

/// One field of a struct type.
public struct FieldDecl: Equatable, Sendable {
    public let name: String
    public let type: TypeExpr
    public let location: SourceLocation
}

/// A place reached from a variable: `c`, `c.next.next`, `b[1]`, `s[2].buf`.
public struct PathExpr: Equatable, Sendable {
    public enum Element: Equatable, Sendable {
        case field(String, SourceLocation)
        case index(Int, SourceLocation)
    }
    public let base: String
    public let location: SourceLocation
    public var elements: [Element]

    public var text: String {
        base + elements.map {
            switch $0 {
            case .field(let f, _): "." + f
            case .index(let i, _): "[\(i)]"
            }
        }.joined()
    }
}

/// A byte count or a seeded random one: `100`, `4KiB`, `rand(1, 15)`.
public enum SizeExpr: Equatable, Sendable {
    case literal(Int)
    /// Inclusive bounds, drawn from the scenario's seeded generator.
    case random(Int, Int)
}

/// What the right-hand side of an assignment produces.
public enum ValueSource: Equatable, Sendable {
    /// `new(T)`: a typed object.
    case new(TypeExpr)
    /// `alloc N` / `alloc N noscan`: raw memory, with pointer words or pointer-free.
    case alloc(SizeExpr, noscan: Bool)
    /// `make([]T, n)`: a slice's backing array of n elements.
    case make(element: TypeExpr, count: SizeExpr)
    /// `nil`.
    case null
    /// A variable or a pointer loaded through a field path.
    case path(PathExpr)

    var allocates: Bool {
        switch self {
        case .new, .alloc, .make: true
        case .null, .path: false
        }
    }
}

/// A right-hand side with where it runs: `on p1` (the P whose mcache serves its allocation) or
/// `on g2` (the goroutine that runs the statement: its stack holds a declared variable, its P
/// allocates).
public struct Assignment: Equatable, Sendable {
    public let source: ValueSource
    public let sourceLocation: SourceLocation
    public let p: Int
    public let pLocation: SourceLocation?
    public var goroutine: String? = nil
    public var goroutineLocation: SourceLocation? = nil
}

/// An expression in `expect`: numbers, statistics, variables and the built-in queries.
public indirect enum Expr: Equatable, Sendable {
    case number(Int64, SourceLocation)
    /// A bare name: a variable, a MemStats field, `phase`, a colour, a phase or a list name.
    case name(String, SourceLocation)
    case path(PathExpr)
    case null(SourceLocation)
    /// `class(c)`, `size(c)`, `span(c)`, `color(c)`, `tinyoffset(p0)`, `objects(black)`.
    case call(String, [Expr], SourceLocation)
    /// `spans(10 noscan, empty)`.
    case spans(sizeClass: Expr, noscan: Bool, list: String, listLocation: SourceLocation, SourceLocation)
    /// `sizeof(T)`, `alignof(T)`.
    case typeQuery(String, TypeExpr, SourceLocation)
    /// `offsetof(T.field)`.
    case offsetof(type: String, field: String, SourceLocation)
    /// `a + b - c` or `a * b * c`: a chain of one precedence level, kept flat so that a long
    /// chain is a list, not a tree as deep as the chain (which would cost stack to check,
    /// evaluate, compare and free).
    case arithmetic(Expr, [ArithmeticOperand])

    public var location: SourceLocation {
        switch self {
        case .number(_, let l), .name(_, let l), .null(let l), .call(_, _, let l), .typeQuery(_, _, let l),
             .offsetof(_, _, let l): l
        case .arithmetic(_, let rest): rest.first?.location ?? SourceLocation(line: 0, column: 0)
        case .path(let p): p.location
        case .spans(_, _, _, _, let l): l
        }
    }
}

/// An operand after the first in an arithmetic chain: `- b` in `a - b`, with the operator's position.
public struct ArithmeticOperand: Equatable, Sendable {
    /// `+`, `-` or `*`.
    public let op: String
    public let operand: Expr
    /// Where the operator stands.
    public let location: SourceLocation
}

/// The collector commands.
public enum GCCommand: Equatable, Sendable {
    /// `gc`: runtime.GC().
    case full
    /// `gc start`: sweep termination, barrier on, root jobs prepared; stops before any mark work.
    case start
    /// `gc step N`: scan N grey objects.
    case step(Int)
    /// `gc phase`: run to the end of the current phase.
    case phase
    /// `gc finish`: run to the end of the cycle.
    case finish
}

/// The settings a scenario may give before its first action.
public enum Setting: Equatable, Sendable {
    case profile(String)
    case procs(Int)
    case gogc(Int?)
    /// `memlimit SIZE` (GOMEMLIMIT; `memlimit off` is the default, no limit).
    case memoryLimit(Int?)
    case arena(Int)
    case seed(UInt64)
    case collector(String)
    case writeBarrier(Bool)

    var keyword: String {
        switch self {
        case .profile: "profile"
        case .procs: "procs"
        case .gogc: "gogc"
        case .memoryLimit: "memlimit"
        case .arena: "arena"
        case .seed: "seed"
        case .collector: "collector"
        case .writeBarrier: "writebarrier"
        }
    }
}

/// One statement of a scenario.
public struct Statement: Equatable, Sendable {
    public indirect enum Kind: Equatable, Sendable {
        case setting(Setting)
        case typeDecl(name: String, TypeExpr)
        case layout(TypeExpr)
        /// `x := …`
        case declare(name: String, Assignment)
        /// `var x T [on g]`
        case varDecl(name: String, TypeExpr, goroutine: String?)
        /// `goroutine NAME [on pN]`: a goroutine with a stack of its own.
        case goroutine(name: String, p: Int?, pLocation: SourceLocation?)
        /// `readmemstats`: runtime.ReadMemStats, which flushes every mcache.
        case readMemStats
        /// `x = …`, `x.f = …`, `b[1] = …`
        case assign(PathExpr, Assignment)
        /// `global g = …`
        case global(name: String, Assignment?)
        case drop(NameList)
        case repeatLoop(count: Int, body: [Statement])
        case funcDecl(name: String, body: [Statement])
        case call(name: String)
        case gc(GCCommand)
        case sweep
        /// `setgcpercent N|off`: debug.SetGCPercent.
        case setGCPercent(Int?)
        case sleep(nanoseconds: Int64)
        case scavenge
        case freeOSMemory
        case say(String)
        case pause
        case ask(question: String, answer: String)
        case bookmark(String)
        case expect(Expr, op: String, Expr)
    }

    public let kind: Kind
    public let location: SourceLocation
    /// The statement as written (one line; a block shows its header).
    public let text: String
}

/// Names with where each was written (`drop a, b`).
public struct NameList: Equatable, Sendable {
    public var names: [String]
    public var locations: [SourceLocation]
}

/// A parsed scenario: its statements and where the header was.
public struct ScenarioSyntax: Equatable, Sendable {
    public let version: Int
    public let statements: [Statement]
}
