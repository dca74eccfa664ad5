package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"strings"
)

// Static files are served under names that carry a hash of their content
// (style.css as style.1a2b3c4d5e.css), so that browsers may keep them for a
// year: a changed file has a new name, and pages link to the new one.
var hashed = hashStatic()

type staticNames struct {
	byName   map[string]string // "style.css" → "style.1a2b3c4d5e.css"
	byHashed map[string]string // and back
}

func hashStatic() staticNames {
	n := staticNames{byName: map[string]string{}, byHashed: map[string]string{}}
	sub, err := fs.Sub(Static, "static")
	if err != nil {
		panic(err)
	}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(p)
		h := strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		n.byName[p], n.byHashed[h] = h, p
		return nil
	})
	if err != nil {
		panic(err)
	}
	return n
}

// Asset is the URL of a static file (a path under web/static) by its
// content-hashed name. A file that does not exist keeps its plain name, and
// TestAssets catches the mistake.
func Asset(name string) string {
	if h, ok := hashed.byName[name]; ok {
		return "/static/" + h
	}
	return "/static/" + name
}

// StaticFile returns the path under web/static of a content-hashed name,
// and whether the name is one.
func StaticFile(hashedName string) (string, bool) {
	name, ok := hashed.byHashed[hashedName]
	return name, ok
}
