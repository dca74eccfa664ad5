// Package export writes a round's lists for staff to open in a spreadsheet:
// the participant list and the contact list, as CSV or XLSX.
package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Column is one column of a table: its heading, its width in an XLSX sheet
// (in characters) and whether its cells are dates (YYYY-MM-DD or empty).
type Column struct {
	Header string
	Width  float64
	Date   bool
}

// Table is a list to export: a sheet name, columns and rows of text.
type Table struct {
	Sheet   string
	Columns []Column
	Rows    [][]string
}

// Content types of the two formats.
const (
	ContentTypeCSV  = "text/csv; charset=utf-8"
	ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// WriteCSV writes t as CSV the way Excel with Swedish settings opens it
// with a double click: UTF-8 with a byte order mark (without it Excel reads
// the file as Windows-1252 and mangles å, ä and ö), semicolons between
// fields (Swedish Excel takes the comma as the decimal sign, so its list
// separator is the semicolon) and CRLF line ends.
//
// A spreadsheet set to another separator splits a field at its commas, so
// every field with a comma, semicolon, quote, line break, tab or defused
// formula is quoted (encoding/csv quotes only for its own separator), and
// formula triggers are defused wherever a field could start.
func WriteCSV(w io.Writer, t Table) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("\ufeff")
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Header
	}
	writeCSVRow(bw, header)
	for _, row := range t.Rows {
		writeCSVRow(bw, row)
	}
	return bw.Flush()
}

func writeCSVRow(w *bufio.Writer, row []string) {
	for i, cell := range row {
		if i > 0 {
			w.WriteByte(';')
		}
		cell = DefuseFormula(cell)
		if !needsQuotes(cell) {
			w.WriteString(cell)
			continue
		}
		w.WriteByte('"')
		w.WriteString(strings.ReplaceAll(cell, `"`, `""`))
		w.WriteByte('"')
	}
	w.WriteString("\r\n")
}

func needsQuotes(cell string) bool {
	return strings.ContainsAny(cell, ",;\"\r\n\t") || strings.HasPrefix(cell, "'") || strings.HasPrefix(cell, " ")
}

// DefuseFormula guards a CSV cell against formula injection: a spreadsheet
// runs a cell that starts with = + - or @ (or with a tab or carriage return
// before one) as a formula, so text a contact person typed, such as a title,
// could otherwise run when staff open the export. A single quote before the
// trigger makes the spreadsheet show the text as text (OWASP's advice). It
// goes at the start and after every comma, semicolon, tab or line break in
// the cell, where a spreadsheet splitting on another separator, or ignoring
// quotes, would start a field.
func DefuseFormula(cell string) string {
	if cell == "" {
		return cell
	}
	var b strings.Builder
	fieldStart := true
	for i := 0; i < len(cell); i++ {
		c := cell[i]
		if fieldStart && isFormulaTrigger(c) {
			b.WriteByte('\'')
		}
		b.WriteByte(c)
		fieldStart = c == ',' || c == ';' || c == '\t' || c == '\r' || c == '\n'
	}
	return b.String()
}

func isFormulaTrigger(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// WriteXLSX writes t as an Excel workbook of one sheet, with a bold, frozen
// header row, set column widths and date cells as real dates. Cells are
// written as strings, never as formulas, so no injection guard is needed
// (and a quote would show).
func WriteXLSX(w io.Writer, t Table) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := t.Sheet
	if sheet == "" {
		sheet = "Blad1"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("name sheet: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("header style: %w", err)
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14, CustomNumFmt: ptr("yyyy-mm-dd")})
	if err != nil {
		return fmt.Errorf("date style: %w", err)
	}
	header := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Header
	}
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return fmt.Errorf("write header: %w", err)
	}
	for r, row := range t.Rows {
		cells := make([]any, len(row))
		for i, v := range row {
			cells[i] = v
			if i < len(t.Columns) && t.Columns[i].Date && v != "" {
				if d, err := time.Parse(time.DateOnly, v); err == nil {
					cells[i] = d
				}
			}
		}
		addr, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := f.SetSheetRow(sheet, addr, &cells); err != nil {
			return fmt.Errorf("write row %d: %w", r+2, err)
		}
	}
	for i, c := range t.Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if c.Width > 0 {
			if err := f.SetColWidth(sheet, col, col, c.Width); err != nil {
				return fmt.Errorf("column width: %w", err)
			}
		}
		if c.Date && len(t.Rows) > 0 {
			if err := f.SetCellStyle(sheet, col+"2", fmt.Sprintf("%s%d", col, len(t.Rows)+1), dateStyle); err != nil {
				return fmt.Errorf("date column: %w", err)
			}
		}
	}
	if len(t.Columns) > 0 {
		last, _ := excelize.ColumnNumberToName(len(t.Columns))
		if err := f.SetCellStyle(sheet, "A1", last+"1", bold); err != nil {
			return fmt.Errorf("bold header: %w", err)
		}
		if err := f.AutoFilter(sheet, "A1:"+last+"1", nil); err != nil {
			return fmt.Errorf("filter: %w", err)
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("freeze header: %w", err)
	}
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "Modellportalen", Title: sheet}); err != nil {
		return fmt.Errorf("document properties: %w", err)
	}
	return f.Write(w)
}

func ptr[T any](v T) *T { return &v }

// cleanCell folds line breaks into spaces: a note typed in a textarea keeps
// its meaning on one line, and a row stays one line in simple tools.
func cleanCell(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
