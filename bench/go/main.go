// The Go side of `heapscope bench --against-go`: the four engine workloads of
// Sources/HeapCommands/BenchWorkload.swift, done by the real runtime. Run with GOMAXPROCS=1
// (heapscope bench sets it) so that both sides do the work on one processor.
//
//	go build -o gobench . && GOMAXPROCS=1 ./gobench churn
//
// prints one line: the workload's name, the operations it counts and the nanoseconds of the
// timed part. Set-up (building the mark workload's graph) is not timed, as on the heapscope side.
package main

import (
	"fmt"
	"math/bits"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"
)

// node is the 64-byte object of the mark and churn workloads: two pointer words, then six
// words of data (size class 64 B, as heapscope's `node`).
type node struct {
	a, b *node
	data [6]uint64
}

var (
	sinkPointers []*byte
	sinkBytes    []byte
	root         *node
)

// seededRandom is heapscope's SeededRandom (splitmix64) with Swift's unbiased
// next(upperBound:), so that the mark workload builds the same graph on both sides.
type seededRandom struct{ state uint64 }

func (r *seededRandom) next() uint64 {
	r.state += 0x9E3779B97F4A7C15
	z := r.state
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func (r *seededRandom) nextIn(upper int) int { // 0...upper inclusive
	width := uint64(upper) + 1
	hi, lo := bits.Mul64(r.next(), width)
	if lo < width {
		t := (0 - width) % width
		for lo < t {
			hi, lo = bits.Mul64(r.next(), width)
		}
	}
	return int(hi)
}

var smallSizes = []int{8, 16, 32, 48, 64, 96, 128, 144, 256, 512, 1024}

// allocSmall: pointer-bearing allocations cycling 8…1024 B, none freed, no GC.
func allocSmall(n int) (int, time.Duration) {
	debug.SetGCPercent(-1)
	start := time.Now()
	i := 0
	for k := 0; k < n; k++ {
		sinkPointers = make([]*byte, smallSizes[i]/8)
		i++
		if i == len(smallSizes) {
			i = 0
		}
	}
	return n, time.Since(start)
}

// allocTiny: pointer-free allocations cycling 1…15 B (the tiny allocator).
func allocTiny(n int) (int, time.Duration) {
	debug.SetGCPercent(-1)
	start := time.Now()
	size := 1
	for k := 0; k < n; k++ {
		sinkBytes = make([]byte, size)
		if size == 15 {
			size = 1
		} else {
			size++
		}
	}
	return n, time.Since(start)
}

// buildMarkGraph: n nodes; the first half a chain from one root, each also pointing into the
// first half; the second half pointing anywhere (and so unreachable).
func buildMarkGraph(n int) {
	objs := make([]*node, n)
	for i := range objs {
		objs[i] = new(node)
	}
	r := seededRandom{state: 1}
	half := n / 2
	if half < 1 {
		half = 1
	}
	for i := 0; i < half; i++ {
		if i+1 < half {
			objs[i].a = objs[i+1]
		}
		objs[i].b = objs[r.nextIn(half-1)]
	}
	for i := half; i < n; i++ {
		objs[i].a = objs[r.nextIn(n-1)]
		objs[i].b = objs[r.nextIn(n-1)]
	}
	root = objs[0]
}

// mark: one full cycle, mark and sweep (runtime.GC sweeps before it returns); the operations
// are the reachable objects, the first half.
func mark(n int) (int, time.Duration) {
	debug.SetGCPercent(-1)
	buildMarkGraph(n)
	start := time.Now()
	runtime.GC()
	d := time.Since(start)
	runtime.KeepAlive(root)
	half := n / 2
	if half < 1 {
		half = 1
	}
	return half, d
}

// churn: allocations of node, each stored into a ring of 100,000 slots, GOGC=100, cycles
// included.
func churn(n int) (int, time.Duration) {
	debug.SetGCPercent(100)
	ring := make([]*node, 100_000)
	start := time.Now()
	slot := 0
	for k := 0; k < n; k++ {
		ring[slot] = new(node)
		slot++
		if slot == len(ring) {
			slot = 0
		}
	}
	d := time.Since(start)
	runtime.KeepAlive(ring)
	return n, d
}

var workloads = map[string]struct {
	operations int
	run        func(int) (int, time.Duration)
}{
	"alloc-small": {4_000_000, allocSmall},
	"alloc-tiny":  {10_000_000, allocTiny},
	"mark":        {1_000_000, mark},
	"churn":       {10_000_000, churn},
}

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		fmt.Fprintln(os.Stderr, "usage: gobench WORKLOAD [SCALE]")
		os.Exit(64)
	}
	w, ok := workloads[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "gobench: unknown workload %q\n", os.Args[1])
		os.Exit(64)
	}
	scale := 1.0
	if len(os.Args) == 3 {
		s, err := strconv.ParseFloat(os.Args[2], 64)
		if err != nil || s <= 0 {
			fmt.Fprintf(os.Stderr, "gobench: bad scale %q\n", os.Args[2])
			os.Exit(64)
		}
		scale = s
	}
	n := int(float64(w.operations) * scale)
	if n < 1 {
		n = 1
	}
	ops, d := w.run(n)
	fmt.Printf("%s %d %d\n", os.Args[1], ops, d.Nanoseconds())
}
