// The header's inline function is the whole module; this file gives the target a source.
#include "CPrefetch.h"
