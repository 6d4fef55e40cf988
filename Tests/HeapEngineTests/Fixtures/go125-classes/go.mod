module heapscope.test/go125classes

go 1.25
