// The real go1.25 pacer, for Go125PacerTests: a live heap grown in fixed steps (each step keeps
// 256 more 4096-byte objects, then runtime.GC), then the goal under four memory limits.
// Every figure is read into preallocated memory and printed at the end, so that printing does
// not move the heap it reports.
//
//	GOGC=100 GOMAXPROCS=1 go run .
//
// prints
//
//	step K heapMarked stackScan globalsScan nextGC heapSys
//	limit L heapMarked stackScan globalsScan nextGC mappedReady heapFree heapAlloc
//
// with heapMarked = /gc/heap/live:bytes (gcController.heapMarked), the scans from /gc/scan/*,
// mappedReady = /memory/classes/total − /memory/classes/heap/released, heapFree =
// /memory/classes/heap/free, heapAlloc = /memory/classes/heap/objects, all read in one
// metrics.Read right after the NextGC they explain.
package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

const (
	steps       = 10
	perStep     = 256
	objectBytes = 4096
)

var names = []string{
	"/gc/heap/live:bytes", "/gc/scan/stack:bytes", "/gc/scan/globals:bytes",
	"/memory/classes/total:bytes", "/memory/classes/heap/released:bytes",
	"/memory/classes/heap/free:bytes", "/memory/classes/heap/objects:bytes",
}

type row struct {
	kind string
	k    int64
	v    [7]uint64
	next uint64
	sys  uint64
}

var (
	keep    [][]byte
	samples = make([]metrics.Sample, len(names))
	rows    = make([]row, 0, 32)
	ms      runtime.MemStats
)

func take(kind string, k int64) {
	runtime.ReadMemStats(&ms)
	metrics.Read(samples)
	r := row{kind: kind, k: k, next: ms.NextGC, sys: ms.HeapSys}
	for i := range samples {
		r.v[i] = samples[i].Value.Uint64()
	}
	rows = append(rows, r)
}

func main() {
	for i, n := range names {
		samples[i].Name = n
	}
	keep = make([][]byte, 0, steps*perStep)
	// The first reads build the runtime's metrics tables: do them before the baseline.
	runtime.ReadMemStats(&ms)
	metrics.Read(samples)
	runtime.GC()
	runtime.GC()
	take("step", 0)
	for k := 1; k <= steps; k++ {
		for i := 0; i < perStep; i++ {
			keep = append(keep, make([]byte, objectBytes))
		}
		runtime.GC()
		take("step", int64(k))
	}
	live := rows[len(rows)-1].v[0]
	for _, l := range []uint64{live + 2<<20, live + 8<<20, live + 16<<20, live * 3 / 2} {
		debug.SetMemoryLimit(int64(l))
		runtime.GC()
		take("limit", int64(l))
	}
	runtime.KeepAlive(keep)
	for _, r := range rows {
		if r.kind == "step" {
			fmt.Println("step", r.k, r.v[0], r.v[1], r.v[2], r.next, r.sys)
		} else {
			fmt.Println("limit", r.k, r.v[0], r.v[1], r.v[2], r.next, r.v[3]-r.v[4], r.v[5], r.v[6])
		}
	}
}
