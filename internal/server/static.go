package server

import (
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"modellportalen/internal/compress"
	"modellportalen/internal/pagecache"
	"modellportalen/web"
)

// staticFile is one file of web/static, held in memory with its encodings:
// the files are few and small, so each is compressed once at start-up.
type staticFile struct {
	body        []byte
	contentType string
	etag        string
	encoded     map[string][]byte
}

// staticFiles serves web/static. Under its content-hashed name (web.Asset) a
// file may be kept by browsers for a year, unchanged by definition; under its
// plain name, for links from elsewhere, for an hour.
type staticFiles map[string]*staticFile

func loadStatic() (staticFiles, error) {
	sub, err := fs.Sub(web.Static, "static")
	if err != nil {
		return nil, err
	}
	files := staticFiles{}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		f := &staticFile{body: b, contentType: mime.TypeByExtension(path.Ext(p)), etag: pagecache.ETag(b)}
		if f.contentType == "" {
			f.contentType = http.DetectContentType(b)
		}
		if len(b) >= compress.MinSize && compress.Compressible(f.contentType) {
			f.encoded = map[string][]byte{}
			for _, enc := range []string{compress.Brotli, compress.Gzip} {
				if e, err := compress.Encode(enc, b); err == nil && len(e) < len(b) {
					f.encoded[enc] = e
				}
			}
		}
		files[p] = f
		return nil
	})
	return files, err
}

func (files staticFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	cacheControl := "public, max-age=31536000, immutable"
	if plain, ok := web.StaticFile(name); ok {
		name = plain
	} else {
		cacheControl = "public, max-age=3600"
	}
	f := files[name]
	if f == nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", cacheControl)
	h.Set("ETag", f.etag)
	if f.encoded != nil {
		compress.AddVary(h, "Accept-Encoding")
	}
	if pagecache.NotModified(r, f.etag, timeZero) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := f.body
	if enc := compress.Negotiate(r.Header.Get("Accept-Encoding"), offered(f.encoded)...); enc != "" {
		h.Set("Content-Encoding", enc)
		body = f.encoded[enc]
	}
	h.Set("Content-Type", f.contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

// offered lists the encodings at hand, best first.
func offered(encoded map[string][]byte) []string {
	var offers []string
	for _, enc := range []string{compress.Brotli, compress.Gzip} {
		if encoded[enc] != nil {
			offers = append(offers, enc)
		}
	}
	return offers
}
