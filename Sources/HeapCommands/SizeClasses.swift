import ArgumentParser
struct SizeClasses: ParsableCommand { func run() throws {} }
struct SizeClass: ParsableCommand { func run() throws {} }
