module heapscope/bench

go 1.21
