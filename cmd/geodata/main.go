// Command geodata makes the county borders that the portal's map draws
// (internal/geo/counties.geojson) from a GeoJSON of Sweden's counties, such
// as okfse/sweden-geojson's: it keeps each county's code and name, simplifies
// the borders with Douglas–Peucker in the map's own projection (so the
// tolerance is in kilometres on the ground, the same everywhere), and rounds
// the coordinates to about 100 m. The map is drawn at roughly 2.5 km a pixel,
// so nothing visible is lost.
//
//	go run ./cmd/geodata -tolerance 1.2 counties.geojson > internal/geo/counties.geojson
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"

	"modellportalen/internal/geo"
)

// source is the part of a GeoJSON FeatureCollection of counties read here.
// orb's own geojson package would bring the MongoDB driver's bson package
// along, so the few lines that read Polygon and MultiPolygon are ours.
type source struct {
	Features []struct {
		Properties struct {
			Name string `json:"name"`
			ID   int    `json:"l_id"` // county code as a number: 1 = Stockholm … 25 = Norrbotten
		} `json:"properties"`
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

func main() {
	tolerance := flag.Float64("tolerance", 1.2, "largest distance, in km, by which a simplified border may stray")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: geodata [-tolerance km] counties.geojson > internal/geo/counties.geojson")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *tolerance, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "geodata:", err)
		os.Exit(1)
	}
}

func run(path string, tolerance float64, out, log io.Writer) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var src source
	if err := json.Unmarshal(raw, &src); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	dp := simplify.DouglasPeucker(tolerance)
	before, after := 0, 0
	var features []string
	for _, f := range src.Features {
		var polys [][][][2]float64
		switch f.Geometry.Type {
		case "Polygon":
			var p [][][2]float64
			err = json.Unmarshal(f.Geometry.Coordinates, &p)
			polys = append(polys, p)
		case "MultiPolygon":
			err = json.Unmarshal(f.Geometry.Coordinates, &polys)
		default:
			err = fmt.Errorf("geometry %s", f.Geometry.Type)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", f.Properties.Name, err)
		}
		var kept []string
		for _, poly := range polys {
			var rings []string
			for _, ring := range poly {
				// Simplify in the map's projection, then write the kept
				// points' own longitudes and latitudes.
				lonlat := map[orb.Point][2]float64{}
				var r orb.Ring
				for _, c := range ring {
					x, y := geo.Project(c[1], c[0])
					lonlat[orb.Point{x, y}] = c
					r = append(r, orb.Point{x, y})
				}
				before += len(r)
				s := dp.Ring(r)
				if len(s) < 4 {
					continue // an islet smaller than the tolerance
				}
				after += len(s)
				pts := make([]string, len(s))
				for i, p := range s {
					c := lonlat[p]
					pts[i] = "[" + coord(c[0]) + "," + coord(c[1]) + "]"
				}
				rings = append(rings, "["+strings.Join(pts, ",")+"]")
			}
			if len(rings) > 0 {
				kept = append(kept, "["+strings.Join(rings, ",")+"]")
			}
		}
		name, _ := json.Marshal(f.Properties.Name)
		features = append(features, fmt.Sprintf(`{"type":"Feature","properties":{"code":"%02d","name":%s},"geometry":{"type":"MultiPolygon","coordinates":[%s]}}`,
			f.Properties.ID, name, strings.Join(kept, ",")))
	}
	fmt.Fprintf(log, "geodata: %d counties, %d points kept of %d\n", len(features), after, before)
	_, err = fmt.Fprintf(out, "{\"type\":\"FeatureCollection\",\"features\":[\n%s\n]}\n", strings.Join(features, ",\n"))
	return err
}

// coord rounds a longitude or latitude to three decimals, about 100 m.
func coord(f float64) string { return strconv.FormatFloat(math.Round(f*1000)/1000, 'f', -1, 64) }
