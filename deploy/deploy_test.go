package deploy_test

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v2"
)

// unitFile parses a systemd unit into section -> key -> values (keys may
// repeat), refusing lines that are neither comments, sections nor keys.
func unitFile(t *testing.T, path string) map[string]map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]map[string][]string{}
	section := ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
			out[section] = map[string][]string{}
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || section == "" || strings.TrimSpace(k) == "" {
				t.Fatalf("%s:%d: not a key=value line in a section: %q", path, n, line)
			}
			out[section][strings.TrimSpace(k)] = append(out[section][strings.TrimSpace(k)], strings.TrimSpace(v))
		}
	}
	return out
}

func buildCauseway(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "causeway")
	cmd := exec.Command("go", "build", "-o", bin, "../cmd/causeway")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("build: %v", err)
	}
	return bin
}

// The systemd unit is well formed, runs `causeway node start --config` with
// flags the CLI has, and passes `systemd-analyze verify` (when the tool is
// installed) with its binary path pointed at a freshly built causeway.
func TestSystemdUnit(t *testing.T) {
	const path = "systemd/causeway.service"
	u := unitFile(t, path)
	for _, s := range []string{"Unit", "Service", "Install"} {
		if u[s] == nil {
			t.Fatalf("%s has no [%s] section", path, s)
		}
	}
	exec0 := u["Service"]["ExecStart"]
	if len(exec0) != 1 || !strings.HasPrefix(exec0[0], "/usr/local/bin/causeway node start --config ") {
		t.Fatalf("ExecStart = %q", exec0)
	}
	if got := u["Service"]["KillSignal"]; len(got) != 1 || got[0] != "SIGTERM" {
		t.Fatalf("KillSignal = %q: the node stops cleanly on SIGTERM", got)
	}
	if got := u["Install"]["WantedBy"]; len(got) != 1 || got[0] != "multi-user.target" {
		t.Fatalf("WantedBy = %q", got)
	}
	bin := buildCauseway(t)
	help, err := exec.Command(bin, "node", "start", "--help").CombinedOutput()
	if err != nil || !bytes.Contains(help, []byte("--config")) {
		t.Fatalf("causeway node start has no --config flag: %s %v", help, err)
	}
	sa, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Log("systemd-analyze is not installed: checked the unit's structure only")
		return
	}
	// The unit names /usr/local/bin/causeway, which is not installed here;
	// verify a copy that names the binary just built, nothing else changed.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	unit := filepath.Join(dir, "causeway.service")
	if err := os.WriteFile(unit, bytes.ReplaceAll(raw, []byte("/usr/local/bin/causeway"), []byte(bin)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(sa, "verify", unit).CombinedOutput()
	var problems []string
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "causeway.service") {
			problems = append(problems, line)
		}
	}
	if err != nil || len(problems) > 0 {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}
}

// The compose file parses as YAML and runs the image's node with the org
// folder mounted, on the host's network, built from this repository's
// Dockerfile. (No Docker engine here: it is not run.)
func TestComposeFile(t *testing.T) {
	raw, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Strict: a key outside this subset of the Compose specification (a
	// typo) is an error.
	var c struct {
		Name     string `yaml:"name"`
		Services map[string]struct {
			Image string `yaml:"image"`
			Build struct {
				Context    string `yaml:"context"`
				Dockerfile string `yaml:"dockerfile"`
			} `yaml:"build"`
			Command     []string `yaml:"command"`
			NetworkMode string   `yaml:"network_mode"`
			Volumes     []struct {
				Type   string `yaml:"type"`
				Source string `yaml:"source"`
				Target string `yaml:"target"`
			} `yaml:"volumes"`
			Restart         string `yaml:"restart"`
			StopSignal      string `yaml:"stop_signal"`
			StopGracePeriod string `yaml:"stop_grace_period"`
			Ulimits         map[string]struct {
				Soft int `yaml:"soft"`
				Hard int `yaml:"hard"`
			} `yaml:"ulimits"`
			Healthcheck struct {
				Test     []string `yaml:"test"`
				Interval string   `yaml:"interval"`
				Timeout  string   `yaml:"timeout"`
				Retries  int      `yaml:"retries"`
			} `yaml:"healthcheck"`
		} `yaml:"services"`
	}
	if err := yaml.UnmarshalStrict(raw, &c); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	n, ok := c.Services["node"]
	if !ok || len(c.Services) != 1 {
		t.Fatalf("compose.yaml services: %v", c.Services)
	}
	if strings.Join(n.Command[:3], " ") != "node start --config" || !strings.HasPrefix(n.Command[3], "/var/lib/causeway/org/") {
		t.Fatalf("command %q", n.Command)
	}
	if n.Restart != "unless-stopped" || n.Ulimits["nofile"].Soft < 4096 {
		t.Fatalf("restart %q, nofile %+v", n.Restart, n.Ulimits["nofile"])
	}
	if n.NetworkMode != "host" || n.StopSignal != "SIGTERM" || n.Image == "" {
		t.Fatalf("network_mode %q, stop_signal %q, image %q", n.NetworkMode, n.StopSignal, n.Image)
	}
	if len(n.Volumes) != 1 || n.Volumes[0].Type != "bind" || n.Volumes[0].Target != "/var/lib/causeway/org" {
		t.Fatalf("volumes %+v", n.Volumes)
	}
	if _, err := os.Stat(filepath.Join(n.Build.Context, n.Build.Dockerfile)); err != nil {
		t.Fatalf("build context: %v", err)
	}
	if len(n.Healthcheck.Test) == 0 || !strings.Contains(strings.Join(n.Healthcheck.Test, " "), "/healthz") {
		t.Fatalf("healthcheck %q", n.Healthcheck.Test)
	}
}

// The Dockerfile builds the CLI with the Go version go.mod asks for and
// runs it as the entry point. (No Docker engine here: it is not built.)
func TestDockerfile(t *testing.T) {
	df, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	want := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(gomod)
	from := regexp.MustCompile(`(?m)^FROM golang:(\d+\.\d+)\S* AS build$`).FindSubmatch(df)
	if want == nil || from == nil || string(want[1]) != string(from[1]) {
		t.Fatalf("Dockerfile builds with Go %q, go.mod wants %q", from, want)
	}
	for _, s := range []string{
		"go build -trimpath -o /out/causeway ./cmd/causeway",
		"COPY --from=build /out/causeway /usr/local/bin/causeway",
		`ENTRYPOINT ["/usr/local/bin/causeway"]`,
		"USER causeway",
	} {
		if !bytes.Contains(df, []byte(s)) {
			t.Fatalf("Dockerfile lacks %q", s)
		}
	}
	if _, err := os.Stat("../cmd/causeway/main.go"); err != nil {
		t.Fatal(err)
	}
}
