// What the real runtime does with each request size, for heapscope's differential tests
// (Tests/HeapEngineTests/Go125DifferentialTests.swift).
//
//	slot N NOSCAN SCAN   the distance between consecutive allocations of N bytes, without
//	                     and with pointers: the slot size of N's class (or, for a large
//	                     object, its pages)
//	large N NOSCAN SCAN  the same for requests over 32 KiB: whole pages
//	tiny SIZE OFF BLOCK  the tiny allocator on a fixed sequence of pointer-free sizes 1…15:
//	                     each object's offset in its 16-byte block and the block's number
//	                     (blocks numbered as they first appear; the sequence starts after an
//	                     8-byte object that starts a block, so the allocator's state is known:
//	                     that block, offset 8, is the current one, numbered 0)
//	span S NOSCAN SCAN   objects per span of the class whose slots are S bytes: the length of
//	                     a run of consecutive slots between two span changes
//
// One P, the collector off, everything kept alive, so consecutive allocations come from the
// same span until it is full.
package main

import (
	"fmt"
	"reflect"
	"runtime"
	"runtime/debug"
	"unsafe"
)

var keep []unsafe.Pointer

// typeOf: n bytes, pointer-free, or with a pointer in the first word (n ≥ 8).
func typeOf(n int, ptr bool) reflect.Type {
	if !ptr {
		return reflect.ArrayOf(n, reflect.TypeOf(byte(0)))
	}
	return reflect.StructOf([]reflect.StructField{
		{Name: "P", Type: reflect.TypeOf((*int)(nil))},
		{Name: "B", Type: reflect.ArrayOf(n-8, reflect.TypeOf(byte(0)))},
	})
}

func alloc(t reflect.Type) uintptr {
	p := reflect.New(t).UnsafePointer()
	keep = append(keep, p)
	return uintptr(p)
}

// slot: the smallest positive distance between consecutive allocations, over a few tries.
func slot(t reflect.Type) uintptr {
	best := ^uintptr(0)
	prev := alloc(t)
	for i := 0; i < 6; i++ {
		p := alloc(t)
		if p > prev && p-prev < best {
			best = p - prev
		}
		prev = p
	}
	return best
}

// perSpan: the longest run of consecutive slots that starts and ends at a span change.
func perSpan(t reflect.Type, s uintptr) int {
	prev := alloc(t)
	run, best, jumps := 1, 0, 0
	for i := 0; i < 3*1024+16 && jumps < 4; i++ {
		p := alloc(t)
		if p == prev+s {
			run++
		} else {
			if jumps > 0 && run > best {
				best = run
			}
			jumps++
			run = 1
		}
		prev = p
	}
	return best
}

// tinyNew: a pointer-free object of n bytes, 1…15 (no reflect: nothing else is allocated).
func tinyNew(n int) uintptr {
	var p unsafe.Pointer
	switch n {
	case 1:
		p = unsafe.Pointer(new([1]byte))
	case 2:
		p = unsafe.Pointer(new([2]byte))
	case 3:
		p = unsafe.Pointer(new([3]byte))
	case 4:
		p = unsafe.Pointer(new([4]byte))
	case 5:
		p = unsafe.Pointer(new([5]byte))
	case 6:
		p = unsafe.Pointer(new([6]byte))
	case 7:
		p = unsafe.Pointer(new([7]byte))
	case 8:
		p = unsafe.Pointer(new([8]byte))
	case 9:
		p = unsafe.Pointer(new([9]byte))
	case 10:
		p = unsafe.Pointer(new([10]byte))
	case 11:
		p = unsafe.Pointer(new([11]byte))
	case 12:
		p = unsafe.Pointer(new([12]byte))
	case 13:
		p = unsafe.Pointer(new([13]byte))
	case 14:
		p = unsafe.Pointer(new([14]byte))
	default:
		p = unsafe.Pointer(new([15]byte))
	}
	keep = append(keep, p)
	return uintptr(p)
}

// tinySequence: the sizes the test replays on heapscope's allocator (a fixed generator).
func tinySequence() []int {
	out := make([]int, 400)
	x := uint32(12345)
	for i := range out {
		x = x*1103515245 + 12345
		out[i] = int(x>>16)%15 + 1
	}
	return out
}

func tiny() {
	seq := tinySequence()
	keep = make([]unsafe.Pointer, 0, 4096)
	addrs := make([]uintptr, len(seq))
	// Until an 8-byte object starts a block: it becomes the current block (8 < the old
	// block's offset, which had no room for it), offset 8, as on a fresh allocator.
	prev := tinyNew(8)
	for {
		p := tinyNew(8)
		if p&15 == 0 && p&^15 != prev&^15 {
			prev = p
			break
		}
		prev = p
	}
	for i, n := range seq {
		addrs[i] = tinyNew(n)
	}
	// Blocks numbered in the order they first appear, the synchronising block 0.
	block := map[uintptr]int{prev &^ 15: 0}
	for i, n := range seq {
		b := addrs[i] &^ 15
		if _, ok := block[b]; !ok {
			block[b] = len(block)
		}
		fmt.Printf("tiny %d %d %d\n", n, addrs[i]&15, block[b])
	}
}

func main() {
	runtime.GOMAXPROCS(1)
	runtime.LockOSThread()
	debug.SetGCPercent(-1)
	fmt.Println("version", runtime.Version())
	tiny()
	for n := 16; n <= 32768; n++ {
		fmt.Printf("slot %d %d %d\n", n, slot(typeOf(n, false)), slot(typeOf(n, true)))
	}
	for _, n := range []int{32769, 40000, 40961, 65536, 65537, 100000, 1 << 20, 1<<20 + 1} {
		fmt.Printf("large %d %d %d\n", n, slot(typeOf(n, false)), slot(typeOf(n, true)))
	}
	for _, s := range []int{16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256,
		288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536,
		1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192} {
		// With pointers, a slot over 512 B holds an 8-byte header: ask for 8 bytes less.
		scan := s
		if s > 512 {
			scan = s - 8
		}
		fmt.Printf("span %d %d %d\n", s, perSpan(typeOf(s, false), uintptr(s)), perSpan(typeOf(scan, true), uintptr(s)))
	}
}
