// Command storm measures a generated server under a login storm: it
// generates a SQLite project with auth, builds and starts its server on
// loopback, fires concurrent logins (right and wrong passwords mixed) and
// meanwhile times a health check and an authenticated GET. It prints the
// server's peak resident memory, the statuses of the logins and the
// latencies of the other requests, and exits 1 when a target is missed:
// peak RSS under 256 MiB, every login answered 200, 401, 429 or 503, and
// every other request under 100 ms.
//
// Run it from the root of gen's repository (Linux only: it reads /proc):
//
//	go run ./bench/storm [-n 300] [-default-limits]
//
// By default the login rate limits are raised out of reach, as for an
// attacker with many addresses, so every login reaches password hashing;
// -default-limits keeps the generated defaults.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

const (
	maxRSS     = 256 << 20
	maxLatency = 100 * time.Millisecond
	password   = "storm-password"
)

func main() {
	n := flag.Int("n", 300, "concurrent logins")
	defaultLimits := flag.Bool("default-limits", false, "keep the generated login rate limits")
	flag.Parse()
	if err := run(*n, *defaultLimits); err != nil {
		fmt.Fprintln(os.Stderr, "storm:", err)
		os.Exit(1)
	}
}

func run(n int, defaultLimits bool) error {
	dir, err := os.MkdirTemp("", "storm-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	project := filepath.Join(dir, "storm")
	server := filepath.Join(dir, "server")

	fmt.Println("generating and building a SQLite project with auth...")
	if err := command("", "go", "run", "./cmd/gen", "new", "storm", "--module", "example.com/storm", "--yes", "--git=false",
		"--domain", "note title:string", "-o", project); err != nil {
		return err
	}
	if err := command(project, "go", "build", "-o", server, "./cmd/server"); err != nil {
		return err
	}

	env := append(os.Environ(),
		"HTTP_ADDR=127.0.0.1:0",
		"DATABASE_URL="+filepath.Join(dir, "storm.db"),
		"JWT_SECRET=storm-secret-storm-secret-storm-secret",
	)
	if !defaultLimits {
		env = append(env, "RATE_LIMIT_LOGIN_PER_IP=1000000/1m", "RATE_LIMIT_LOGIN_PER_ACCOUNT=1000000/1m")
	}
	srv, base, err := start(server, env)
	if err != nil {
		return err
	}
	defer func() {
		_ = srv.Process.Signal(syscall.SIGTERM)
		_ = srv.Wait()
	}()

	token, notePath, err := setUp(base)
	if err != nil {
		return err
	}
	idleRSS, _ := rss(srv.Process.Pid)

	ctx, stopProbes := context.WithCancel(context.Background())
	healthTimes, getTimes := make(chan []time.Duration, 1), make(chan []time.Duration, 1)
	go func() { healthTimes <- probe(ctx, base+"/api/v1/health", "") }()
	go func() { getTimes <- probe(ctx, base+notePath, token) }()

	began := time.Now()
	statuses := storm(base, n)
	elapsed := time.Since(began)
	stopProbes()
	health, get := <-healthTimes, <-getTimes
	peak, err := peakRSS(srv.Process.Pid)
	if err != nil {
		return err
	}

	fmt.Printf("\n%d concurrent logins (half with the right password) in %s, login rate limits %s\n",
		n, elapsed.Round(time.Millisecond), map[bool]string{true: "as generated", false: "out of reach"}[defaultLimits])
	codes := make([]int, 0, len(statuses))
	for c := range statuses {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	var failed []string
	for _, c := range codes {
		fmt.Printf("  %s: %d\n", statusName(c), statuses[c])
		if c != http.StatusOK && c != http.StatusUnauthorized && c != http.StatusTooManyRequests && c != http.StatusServiceUnavailable {
			failed = append(failed, fmt.Sprintf("%d logins answered %s", statuses[c], statusName(c)))
		}
	}
	fmt.Printf("server resident memory: %.1f MiB idle, %.1f MiB peak (target < %d MiB)\n", mib(idleRSS), mib(peak), maxRSS>>20)
	if peak >= maxRSS {
		failed = append(failed, "peak resident memory over target")
	}
	for _, p := range []struct {
		name string
		d    []time.Duration
	}{{"GET /api/v1/health", health}, {"GET " + notePath + " (bearer)", get}} {
		slow, line := summarize(p.d)
		fmt.Printf("%s during the storm: %s\n", p.name, line)
		if slow {
			failed = append(failed, p.name+" over "+maxLatency.String())
		}
	}
	if len(failed) > 0 {
		return errors.New(strings.Join(failed, "; "))
	}
	fmt.Println("all targets met")
	return nil
}

// command runs name with args in dir, its output passed through.
func command(dir, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return nil
}

var listening = regexp.MustCompile(`msg=listening addr=(\S+)`)

// start runs the server and returns it and its base URL once it listens.
func start(path string, env []string) (*exec.Cmd, string, error) {
	cmd := exec.Command(path)
	cmd.Env = env
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
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		return nil, "", errors.New("server did not start")
	}
}

// setUp registers the account the storm logs in to, logs in and creates a
// note, and returns the access token and the path of the note.
func setUp(base string) (token, notePath string, err error) {
	post := func(path, auth, body string, want int) (map[string]any, error) {
		req, err := http.NewRequest(http.MethodPost, base+path, strings.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		if auth != "" {
			req.Header.Set("Authorization", "Bearer "+auth)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		if res.StatusCode != want {
			return nil, fmt.Errorf("POST %s = %d %s", path, res.StatusCode, raw)
		}
		var out map[string]any
		return out, json.Unmarshal(raw, &out)
	}
	if _, err := post("/api/v1/auth/register", "", `{"email":"storm@example.com","password":"`+password+`"}`, http.StatusCreated); err != nil {
		return "", "", err
	}
	tokens, err := post("/api/v1/auth/login", "", `{"email":"storm@example.com","password":"`+password+`"}`, http.StatusOK)
	if err != nil {
		return "", "", err
	}
	token, _ = tokens["access_token"].(string)
	note, err := post("/api/v1/notes", token, `{"title":"calm"}`, http.StatusCreated)
	if err != nil {
		return "", "", err
	}
	id, _ := note["id"].(string)
	return token, "/api/v1/notes/" + id, nil
}

// storm sends n logins at once, every other one with a wrong password, and
// counts their statuses; 0 counts a request that got no answer.
func storm(base string, n int) map[int]int {
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: n}}
	var (
		mu       sync.Mutex
		statuses = map[int]int{}
		wg       sync.WaitGroup
	)
	begin := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			pw := password
			if i%2 == 1 {
				pw = "wrong-password"
			}
			body := `{"email":"storm@example.com","password":"` + pw + `"}`
			<-begin
			status := 0
			res, err := client.Post(base+"/api/v1/auth/login", "application/json", strings.NewReader(body))
			if err == nil {
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				status = res.StatusCode
			}
			mu.Lock()
			statuses[status]++
			mu.Unlock()
		})
	}
	close(begin)
	wg.Wait()
	return statuses
}

// probe times GET url every 20 ms until ctx is done. A failed request
// counts as -1.
func probe(ctx context.Context, url, token string) []time.Duration {
	client := &http.Client{Timeout: 10 * time.Second}
	var times []time.Duration
	for ctx.Err() == nil {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		start := time.Now()
		res, err := client.Do(req)
		d := time.Since(start)
		if err == nil {
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				d = -1
			}
		} else {
			d = -1
		}
		times = append(times, d)
		select {
		case <-ctx.Done():
		case <-time.After(20 * time.Millisecond):
		}
	}
	return times
}

// summarize describes latencies and reports whether any request failed or
// took maxLatency or more.
func summarize(d []time.Duration) (slow bool, line string) {
	if len(d) == 0 {
		return true, "no requests"
	}
	failed := 0
	var ok []time.Duration
	for _, x := range d {
		if x < 0 {
			failed++
			continue
		}
		ok = append(ok, x)
	}
	slices.Sort(ok)
	line = fmt.Sprintf("%d requests, %d failed", len(d), failed)
	if len(ok) > 0 {
		line += fmt.Sprintf(", p50 %s, max %s", ok[len(ok)/2].Round(10*time.Microsecond), ok[len(ok)-1].Round(10*time.Microsecond))
	}
	return failed > 0 || (len(ok) > 0 && ok[len(ok)-1] >= maxLatency), line + fmt.Sprintf(" (target < %s)", maxLatency)
}

// rss and peakRSS read the current and the peak resident memory of a
// process from /proc.
func rss(pid int) (int64, error)     { return procStatus(pid, "VmRSS:") }
func peakRSS(pid int) (int64, error) { return procStatus(pid, "VmHWM:") }

func procStatus(pid int, field string) (int64, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range bytes.Lines(raw) {
		if rest, ok := strings.CutPrefix(string(line), field); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("/proc/%d/status has no %s", pid, field)
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

func statusName(c int) string {
	if c == 0 {
		return "no answer"
	}
	return fmt.Sprintf("%d %s", c, http.StatusText(c))
}
