// Command lists measures the lists of a generated server at two sizes of a
// table: it generates a project without auth and one domain (an indexed
// string, an enum, a bool and an indexed int), builds its server, and for
// each size bulk-loads the table straight into the database (one
// transaction of prepared inserts on SQLite, COPY on PostgreSQL, by a small
// loader it writes into the project so that it uses the project's own
// driver), then times over HTTP:
//
//   - first: the first page, GET /items?limit=20
//   - middle: the page after a cursor half-way through the table
//   - filtered: GET /items?limit=20&kind=b
//   - sorted: GET /items?limit=20&sort=-name
//
// It prints the median of each per size and the ratio of the largest size
// to the smallest, and exits 1 when a ratio exceeds 2.
//
// Run it from the root of gen's repository:
//
//	go run ./bench/lists [-db sqlite,postgres] [-sizes 1000,1000000] [-n 31]
//
// PostgreSQL needs a server at -pg (default the local one); the bench
// creates and drops its own databases, named gen_bench_lists_<size>.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// maxRatio is the target: no list may take more than this many times
// longer at the largest size than at the smallest.
const maxRatio = 2.0

func main() {
	dbs := flag.String("db", "sqlite,postgres", "databases to measure, comma-separated")
	sizes := flag.String("sizes", "1000,1000000", "table sizes, comma-separated, smallest first")
	n := flag.Int("n", 31, "requests timed per measurement")
	pg := flag.String("pg", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL server URL (its admin database)")
	flag.Parse()
	var rows []int
	for _, s := range strings.Split(*sizes, ",") {
		v, err := strconv.Atoi(s)
		if err != nil || v < 100 {
			fmt.Fprintf(os.Stderr, "lists: bad size %q\n", s)
			os.Exit(2)
		}
		rows = append(rows, v)
	}
	failed := false
	for _, db := range strings.Split(*dbs, ",") {
		ok, err := run(db, rows, *n, *pg)
		if err != nil {
			fmt.Fprintln(os.Stderr, "lists:", err)
			os.Exit(1)
		}
		failed = failed || !ok
	}
	if failed {
		fmt.Println("a target was missed")
		os.Exit(1)
	}
	fmt.Println("all targets met")
}

// cases are the lists timed, in the order printed.
var cases = []string{"first", "middle", "filtered", "sorted"}

// run measures one database at every size and prints its table; ok is
// false when a ratio misses the target.
func run(db string, sizes []int, n int, pgURL string) (ok bool, err error) {
	dir, err := os.MkdirTemp("", "lists-")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(dir)
	project := filepath.Join(dir, "lists")
	server := filepath.Join(dir, "server")
	loader := filepath.Join(dir, "load")

	fmt.Printf("generating and building a %s project...\n", db)
	if err := command("", "go", "run", "./cmd/gen", "new", "lists", "--module", "example.com/lists", "--yes", "--git=false",
		"--no-auth", "--db", db, "--domain", "item name:string:index kind:enum(a|b|c) active:bool score:int:index", "-o", project); err != nil {
		return false, err
	}
	if err := os.MkdirAll(filepath.Join(project, "cmd", "load"), 0o755); err != nil {
		return false, err
	}
	source := loaderSource + loaderSQLite
	if db == "postgres" {
		source = strings.Replace(loaderSource, `"github.com/google/uuid"`, `"github.com/google/uuid"
	"github.com/jackc/pgx/v5"`, 1) + loaderPostgres
		source = strings.Replace(source, "\t\"database/sql\"\n", "", 1)
	} else {
		source = strings.Replace(source, `"github.com/google/uuid"`, `"github.com/google/uuid"
	_ "modernc.org/sqlite"`, 1)
	}
	if err := os.WriteFile(filepath.Join(project, "cmd", "load", "main.go"), []byte(source), 0o644); err != nil {
		return false, err
	}
	if err := command(project, "go", "mod", "tidy"); err != nil {
		return false, err
	}
	if err := command(project, "go", "build", "-o", server, "./cmd/server"); err != nil {
		return false, err
	}
	if err := command(project, "go", "build", "-o", loader, "./cmd/load"); err != nil {
		return false, err
	}

	medians := map[int]map[string]time.Duration{}
	for _, size := range sizes {
		dbURL := filepath.Join(dir, fmt.Sprintf("lists-%d.db", size))
		if db == "postgres" {
			name := fmt.Sprintf("gen_bench_lists_%d", size)
			if dbURL, err = createDatabase(pgURL, name); err != nil {
				return false, err
			}
			defer dropDatabase(pgURL, name)
		}
		env := append(os.Environ(), "HTTP_ADDR=127.0.0.1:0", "METRICS_ADDR=off", "LOG_LEVEL=error", "DATABASE_URL="+dbURL)
		// The server migrates the empty database; then the loader fills it.
		srv, _, err := start(server, env)
		if err != nil {
			return false, err
		}
		stop(srv)
		fmt.Printf("loading %d rows...\n", size)
		began := time.Now()
		if err := command("", loader, db, dbURL, strconv.Itoa(size)); err != nil {
			return false, err
		}
		fmt.Printf("loaded in %s\n", time.Since(began).Round(time.Millisecond))
		srv, base, err := start(server, env)
		if err != nil {
			return false, err
		}
		m, err := measure(base, size, n)
		stop(srv)
		if err != nil {
			return false, err
		}
		medians[size] = m
	}

	small, large := sizes[0], sizes[len(sizes)-1]
	fmt.Printf("\n%s, medians of %d requests (GET /api/v1/items...)\n", db, n)
	fmt.Printf("| list | %d rows | %d rows | ratio |\n|---|---|---|---|\n", small, large)
	ok = true
	for _, c := range cases {
		ratio := float64(medians[large][c]) / float64(medians[small][c])
		mark := ""
		if ratio > maxRatio {
			mark, ok = " (over target)", false
		}
		fmt.Printf("| %s | %s | %s | %.2f%s |\n", c, ms(medians[small][c]), ms(medians[large][c]), ratio, mark)
	}
	fmt.Println()
	return ok, nil
}

// measure times each case n times on a server holding size items.
func measure(base string, size, n int) (map[string]time.Duration, error) {
	list := base + "/api/v1/items?limit=20"
	// Walk to the middle with large pages, to get a cursor there.
	q := url.Values{"limit": {"100"}}
	var cursor string
	for seen := 0; seen < size/2; seen += 100 {
		page, err := get(base + "/api/v1/items?" + q.Encode())
		if err != nil {
			return nil, err
		}
		cursor = page.NextCursor
		q.Set("cursor", cursor)
	}
	urls := map[string]string{
		"first":    list,
		"middle":   list + "&cursor=" + url.QueryEscape(cursor),
		"filtered": list + "&kind=b",
		"sorted":   list + "&sort=-name",
	}
	out := map[string]time.Duration{}
	for _, c := range cases {
		times := make([]time.Duration, n)
		for i := range times {
			began := time.Now()
			page, err := get(urls[c])
			if err != nil {
				return nil, err
			}
			times[i] = time.Since(began)
			if len(page.Items) != 20 {
				return nil, fmt.Errorf("%s: %d items, want 20", c, len(page.Items))
			}
		}
		slices.Sort(times)
		out[c] = times[n/2]
	}
	return out, nil
}

// page is what a list answers.
type page struct {
	Items      []json.RawMessage `json:"items"`
	NextCursor string            `json:"next_cursor"`
}

func get(u string) (page, error) {
	res, err := http.Get(u)
	if err != nil {
		return page{}, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return page{}, err
	}
	if res.StatusCode != http.StatusOK {
		return page{}, fmt.Errorf("GET %s = %d %s", u, res.StatusCode, raw)
	}
	var p page
	return p, json.Unmarshal(raw, &p)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

// createDatabase creates the database name afresh on the server at admin
// and returns its URL.
func createDatabase(admin, name string) (string, error) {
	if err := psql(admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)", "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	u, err := url.Parse(admin)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

func dropDatabase(admin, name string) {
	_ = psql(admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
}

func psql(admin string, statements ...string) error {
	args := []string{admin, "-q"}
	for _, s := range statements {
		args = append(args, "-c", s)
	}
	return command("", "psql", args...)
}

// command runs name with args in dir, its output passed through.
func command(dir, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), "PGOPTIONS=--client-min-messages=warning")
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return nil
}

var listening = regexp.MustCompile(`msg=listening addr=(\S+)`)

// start runs the server and returns it and its base URL once it listens.
func start(path string, env []string) (*exec.Cmd, string, error) {
	cmd := exec.Command(path)
	cmd.Env = append(env, "LOG_LEVEL=info")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	select {
	case a := <-addr:
		return cmd, "http://" + a, nil
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		return nil, "", errors.New("server did not start")
	}
}

func stop(cmd *exec.Cmd) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	_ = cmd.Wait()
}

// loaderSource is the bulk loader the bench adds to the generated project
// as cmd/load: load sqlite|postgres DATABASE_URL ROWS.
const loaderSource = `// Command load fills the items table with generated rows, straight into
// the database: one transaction of prepared inserts on SQLite, COPY on
// PostgreSQL.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"time"

	"github.com/google/uuid"
)

func main() {
	if err := run(os.Args[1], os.Args[2], os.Args[3]); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// item is one generated row: every column of the items table.
type item struct {
	id       uuid.UUID
	name     string
	kind     string
	active   bool
	score    int64
	created  time.Time
}

func items(n int) []item {
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]item, n)
	for i := range out {
		created := base.Add(time.Duration(i) * time.Millisecond)
		out[i] = item{
			id:      uuid.Must(uuid.NewV7()),
			name:    fmt.Sprintf("item %09d", r.IntN(1_000_000_000)),
			kind:    []string{"a", "b", "c"}[i%3],
			active:  i%2 == 0,
			score:   r.Int64N(1_000_000),
			created: created,
		}
	}
	return out
}

func run(db, dbURL, rows string) error {
	n, err := strconv.Atoi(rows)
	if err != nil {
		return err
	}
	return load(context.Background(), dbURL, items(n))
}
`

// loaderSQLite is the SQLite half of the loader.
const loaderSQLite = `
// timeLayout is the project's layout of stored times.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

func load(ctx context.Context, dbURL string, items []item) error {
	db, err := sql.Open("sqlite", dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO items (id, name, kind, active, score, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	for _, it := range items {
		at := it.created.Format(timeLayout)
		if _, err := stmt.ExecContext(ctx, it.id.String(), it.name, it.kind, it.active, it.score, at, at); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, "PRAGMA optimize")
	return err
}
`

// loaderPostgres is the PostgreSQL half of the loader.
const loaderPostgres = `
func load(ctx context.Context, dbURL string, items []item) error {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.CopyFrom(ctx, pgx.Identifier{"items"},
		[]string{"id", "name", "kind", "active", "score", "created_at", "updated_at"},
		pgx.CopyFromSlice(len(items), func(i int) ([]any, error) {
			it := items[i]
			return []any{it.id, it.name, it.kind, it.active, it.score, it.created, it.created}, nil
		}))
	if err != nil {
		return err
	}
	_, err = conn.Exec(ctx, "VACUUM ANALYZE items")
	return err
}
`
