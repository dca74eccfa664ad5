// Package export writes a round's lists for staff to open in a spreadsheet:
// the participant list and the contact list, as CSV or XLSX.
package export

import (
	"encoding/csv"
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
func WriteCSV(w io.Writer, t Table) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Header
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, row := range t.Rows {
		safe := make([]string, len(row))
		for i, cell := range row {
			safe[i] = DefuseFormula(cell)
		}
		if err := cw.Write(safe); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// DefuseFormula guards a CSV cell against formula injection: a spreadsheet
// runs a cell that starts with = + - or @ (or with a tab or carriage return
// before one) as a formula, so text a contact person typed, such as a title,
// could otherwise run when staff open the export. A leading single quote
// makes the spreadsheet show the text as text (OWASP's advice).
func DefuseFormula(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
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
