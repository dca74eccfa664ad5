package server

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/export"
)

// openDataFile answers an open data file as CSV or JSON by the {ext} of
// the path: the file name's CSV with header and rows, or doc as JSON.
func (s *Server) openDataFile(w http.ResponseWriter, r *http.Request, name string, header []string, rows [][]string, doc any) error {
	ext := chi.URLParam(r, "ext")
	setOpenDataHeaders(w.Header(), name, ext)
	if err := encodeOpenData(w, ext, header, rows, doc); err != nil {
		s.Log.Warn("write open data", "file", name, "ext", ext, "err", err)
	}
	return nil
}

// setOpenDataHeaders sets what every open data file is answered with:
// anyone's page may fetch it, caches may keep it a while, and the CSV
// carries its file name.
func setOpenDataHeaders(h http.Header, name, ext string) {
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cache-Control", "public, max-age=300")
	if ext == "json" {
		h.Set("Content-Type", "application/json; charset=utf-8")
	} else {
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", `inline; filename="`+name+`.csv"`)
	}
}

// encodeOpenData writes doc as indented JSON when ext is json, else the
// CSV of header and rows.
func encodeOpenData(w io.Writer, ext string, header []string, rows [][]string, doc any) error {
	if ext == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	}
	cw := csv.NewWriter(w)
	_ = cw.Write(header)
	for _, row := range rows {
		_ = cw.Write(defused(row))
	}
	cw.Flush()
	return cw.Error()
}

// defused guards each cell against formula injection: group labels are typed
// by staff, and a spreadsheet opening the public file must not run them.
func defused(cells []string) []string {
	for i, c := range cells {
		cells[i] = export.DefuseFormula(c)
	}
	return cells
}
