package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestAssets: every Asset("name") in the templates names a file in
// web/static, so it gets its hashed URL, and the hashed name leads back.
func TestAssets(t *testing.T) {
	files, _ := filepath.Glob("*.templ")
	use := regexp.MustCompile(`Asset\("([^"]+)"\)`)
	n := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range use.FindAllStringSubmatch(string(src), -1) {
			n++
			u := Asset(m[1])
			hashedName, ok := strings.CutPrefix(u, "/static/")
			if !ok || hashedName == m[1] {
				t.Errorf("%s: Asset(%q) = %q: no such static file", f, m[1], u)
				continue
			}
			if back, ok := StaticFile(hashedName); !ok || back != m[1] {
				t.Errorf("StaticFile(%q) = %q, %v", hashedName, back, ok)
			}
		}
	}
	if n < 3 {
		t.Errorf("found only %d uses of Asset", n)
	}
	if _, ok := StaticFile("style.css"); ok {
		t.Error("a plain name passes for a hashed one")
	}
}
