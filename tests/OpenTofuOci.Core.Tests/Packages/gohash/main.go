// Command gohash prints Go's own h1: hashes (golang.org/x/mod/sumdb/dirhash) for every zip file
// and directory directly inside the directory given as its argument. It is the reference the
// C# known-answer tests (HashKnownAnswerTests.cs) were pinned against; see README.md.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/mod/sumdb/dirhash"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gohash <fixtures-dir>")
		os.Exit(2)
	}
	root := os.Args[1]
	entries, err := os.ReadDir(root)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(root, name)
		if info, err := os.Stat(path); err == nil && !info.IsDir() && !strings.HasSuffix(name, ".zip") {
			continue
		}
		var h string
		var err error
		if strings.HasSuffix(name, ".zip") {
			h, err = dirhash.HashZip(path, dirhash.Hash1)
		} else {
			h, err = dirhash.HashDir(path, "", dirhash.Hash1)
		}
		if err != nil {
			h = "error: " + err.Error()
		}
		fmt.Printf("[\"%s\"] = \"%s\",\n", name, h)
	}
}
