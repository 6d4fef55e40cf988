// Everything is in include/prefetch.h (static inline); SwiftPM needs one source file.
#include "prefetch.h"
