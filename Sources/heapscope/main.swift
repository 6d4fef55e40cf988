import HeapCommands

Heapscope.mainCheckingOutput()
