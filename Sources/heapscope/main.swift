import HeapCommands

Heapscope.main()
