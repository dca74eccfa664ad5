package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestRun simplifies a small county: a square whose sides carry points a
// few hundred metres off the straight line, and an islet smaller than the
// tolerance, which is dropped.
func TestRun(t *testing.T) {
	src := `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Provlän","l_id":3},"geometry":{"type":"MultiPolygon","coordinates":[
 [[[15,60],[15.5,60.001],[16,60],[16,61],[15,61],[15,60]]],
 [[[17,60],[17.001,60],[17.001,60.001],[17,60]]]
]}}]}`
	path := filepath.Join(t.TempDir(), "counties.geojson")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, log bytes.Buffer
	if err := run(path, 1.2, &out, &log); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Features []struct {
			Properties struct{ Code, Name string }
			Geometry   struct {
				Type        string
				Coordinates [][][][2]float64
			}
		}
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v:\n%s", err, out.String())
	}
	if len(got.Features) != 1 {
		t.Fatalf("%d features", len(got.Features))
	}
	f := got.Features[0]
	if f.Properties.Code != "03" || f.Properties.Name != "Provlän" || f.Geometry.Type != "MultiPolygon" {
		t.Errorf("properties %+v, type %s", f.Properties, f.Geometry.Type)
	}
	// The square keeps its corners only; the islet is gone.
	if len(f.Geometry.Coordinates) != 1 || len(f.Geometry.Coordinates[0][0]) != 5 {
		t.Errorf("coordinates %v, want the square's four corners, closed", f.Geometry.Coordinates)
	}
	if log.String() != "geodata: 1 counties, 5 points kept of 10\n" {
		t.Errorf("log %q", log.String())
	}
}
