// Package seed loads Modellportalen's reference data (counties, the 290
// municipalities and 21 regions with their SCB codes and centroids) and the
// programme's public record (data/record/: rounds, participations, groups,
// mentors, meetings, each with its sources). The CSV files are copied into
// the package and embedded, so the binary seeds without the source tree.
//
// Seeding is idempotent: reference data is upserted only where it differs,
// and the record is loaded once per version of its files (record_loads), so
// running it twice changes nothing and never overwrites what staff have
// since edited.
package seed

import (
	"context"
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/text/unicode/norm"
)

// Data holds the embedded CSV files under data/, and the package's own
// source, so that test databases seeded by an older version of this code are
// told apart by a hash of Data and never reused.
//
//go:embed data/*.csv data/record/*.csv data/record/README.md *.go
var Data embed.FS

// Run loads everything in one transaction.
func Run(ctx context.Context, pool *pgxpool.Pool) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if err := referenceData(ctx, tx); err != nil {
			return err
		}
		return record(ctx, tx)
	})
}

// RecordRows reads one file of the embedded public record (e.g.
// "participations.csv") as rows keyed by column, as the seed loads it, so
// tests can compare every row with what the portal shows.
func RecordRows(file string) ([]map[string]string, error) {
	return readCSV("record/" + file)
}

// readCSV reads an embedded CSV file under data/ as rows keyed by its header.
func readCSV(name string) ([]map[string]string, error) {
	f, err := Data.Open("data/" + name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("read %s header: %w", name, err)
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		row := map[string]string{}
		for i, h := range header {
			row[h] = strings.TrimSpace(rec[i])
		}
		out = append(out, row)
	}
}

// Slug makes a URL name from an organisation's or round's name:
// "Östra Göinge" becomes "östra-göinge". The Swedish letters stay, because
// dropping their marks would make Habo and Håbo the same.
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFC.String(strings.ToLower(name)) {
		if plain, ok := foreignLetters[r]; ok {
			r = plain
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == 'å', r == 'ä', r == 'ö':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

// foreignLetters are letters outside Swedish's own that names may carry.
var foreignLetters = map[rune]rune{'é': 'e', 'è': 'e', 'ü': 'u', 'á': 'a', 'à': 'a', 'æ': 'ä', 'ø': 'ö'}

func referenceData(ctx context.Context, tx pgx.Tx) error {
	counties, err := readCSV("counties.csv")
	if err != nil {
		return err
	}
	for _, c := range counties {
		if _, err := tx.Exec(ctx, `
			INSERT INTO counties (code, name, region_name) VALUES ($1, $2, $3)
			ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, region_name = EXCLUDED.region_name
			WHERE (counties.name, counties.region_name) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.region_name)`,
			c["code"], c["county_name"], c["region_name"]); err != nil {
			return fmt.Errorf("seed county %s: %w", c["code"], err)
		}
	}
	munis, err := readCSV("municipalities.csv")
	if err != nil {
		return err
	}
	for _, m := range munis {
		lat, err1 := strconv.ParseFloat(m["lat"], 64)
		lon, err2 := strconv.ParseFloat(m["lon"], 64)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("municipality %s: bad coordinates %q, %q", m["code"], m["lat"], m["lon"])
		}
		if err := upsertOrganisation(ctx, tx, "municipality", m["name"], m["code"], m["county_code"], &lat, &lon); err != nil {
			return err
		}
	}
	// A region's point on a map is the mean of its municipalities' centroids;
	// the reference data gives none of its own.
	for _, c := range counties {
		var lat, lon *float64
		if err := tx.QueryRow(ctx, `
			SELECT round(avg(lat)::numeric, 4)::float8, round(avg(lon)::numeric, 4)::float8
			FROM organisations WHERE kind = 'municipality' AND county_code = $1`, c["code"]).Scan(&lat, &lon); err != nil {
			return fmt.Errorf("region centroid %s: %w", c["code"], err)
		}
		if err := upsertOrganisation(ctx, tx, "region", c["region_name"], c["code"], c["code"], lat, lon); err != nil {
			return err
		}
	}
	return nil
}

func upsertOrganisation(ctx context.Context, tx pgx.Tx, kind, name, code, county string, lat, lon *float64) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO organisations (kind, name, slug, scb_code, county_code, lat, lon)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (scb_code) DO UPDATE
		SET kind = EXCLUDED.kind, name = EXCLUDED.name, slug = EXCLUDED.slug,
		    county_code = EXCLUDED.county_code, lat = EXCLUDED.lat, lon = EXCLUDED.lon
		WHERE (organisations.kind, organisations.name, organisations.slug, organisations.county_code,
		       organisations.lat, organisations.lon)
		      IS DISTINCT FROM
		      (EXCLUDED.kind, EXCLUDED.name, EXCLUDED.slug, EXCLUDED.county_code, EXCLUDED.lat, EXCLUDED.lon)`,
		kind, name, Slug(name), code, county, lat, lon)
	if err != nil {
		return fmt.Errorf("seed %s %s %s: %w", kind, code, name, err)
	}
	return nil
}
