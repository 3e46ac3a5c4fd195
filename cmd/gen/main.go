// Command gen scaffolds layered Go backends and grows them: gen new creates a
// project, gen add domain adds a vertical slice to it.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], systemStreams()))
}
