module heapscope/go125pacer

go 1.25
