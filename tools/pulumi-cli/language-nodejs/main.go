// pulumi-language-nodejs stand-in: the Node.js language host the Pulumi CLI starts for `runtime: nodejs`.
//
// Pulumi's own host (sdk/nodejs/cmd/pulumi-language-nodejs) is a Go module of its own that the Go module proxy
// reachable here does not serve (every version of it answers 403 "not available"), so it cannot be built. This
// program serves the same gRPC contract (pulumirpc.LanguageRuntime, from the served sdk/v3 module) and, like
// Pulumi's host, runs programs with the SDK's own `@pulumi/pulumi/cmd/run` and policy packs with
// `@pulumi/pulumi/cmd/run-policy-pack`, resolved from the program's folder. The engine, the CLI, the program
// runner, the dynamic-provider host and the policy runner are all Pulumi's; only the process launcher is ours.
//
// Left out, because the products tested here do not use them: the resource-monitor proxy and the synchronous-invoke
// pipes (`--sync`, used only by deprecated synchronous invokes), plugin discovery from node_modules (dynamic
// providers need no plugin but `pulumi-resource-pulumi-nodejs`), dependency installation, debugging and codegen.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// The exit code with which @pulumi/pulumi's runner says it has already shown the user an actionable message.
const exitAfterActionableMessage = 32

func main() {
	// The CLI passes these flags to every language host; they are accepted so that the command line parses.
	flag.String("tracing", "", "tracing endpoint (ignored)")
	flag.String("runtime", "nodejs", "JavaScript runtime (only nodejs)")
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println(version.Version)
		return
	}
	host := &languageHost{}
	if args := flag.Args(); len(args) > 0 {
		host.engineAddress = args[0]
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start the language host: %w", err))
	}
	// The CLI reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("the language host stopped serving: %w", err))
	}
}

type languageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func (h *languageHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.engineAddress = req.EngineAddress
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *languageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// A dynamic provider is served by pulumi-resource-pulumi-nodejs, which the CLI finds beside itself: nothing to
// install ahead of the run.
func (h *languageHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *languageHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// options are the `runtime.options` of Pulumi.yaml that change how a program runs.
type options struct {
	typescript bool
	tsconfig   string
	nodeargs   []string
}

func parseOptions(info *pulumirpc.ProgramInfo) (options, error) {
	opts := options{typescript: true}
	if info == nil || info.Options == nil {
		return opts, nil
	}
	raw := info.Options.AsMap()
	if v, ok := raw["typescript"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			return opts, errors.New("runtime option typescript must be a boolean")
		}
		opts.typescript = b
	}
	if v, ok := raw["tsconfig"]; ok {
		s, isString := v.(string)
		if !isString {
			return opts, errors.New("runtime option tsconfig must be a string")
		}
		opts.tsconfig = s
	}
	if v, ok := raw["nodeargs"]; ok {
		s, isString := v.(string)
		if !isString {
			return opts, errors.New("runtime option nodeargs must be a string")
		}
		opts.nodeargs = strings.Fields(s)
	}
	return opts, nil
}

func (o options) env() []string {
	var env []string
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfig)
	}
	return env
}

// resolveModule finds a module of the program's own @pulumi/pulumi, as `require.resolve` does from its folder.
func resolveModule(node, module, dir string) (string, error) {
	cmd := exec.Command(node, "-e", fmt.Sprintf("console.log(require.resolve(%q))", module))
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("cannot find %s from %s: is @pulumi/pulumi installed there (npm install)?", module, dir)
	}
	return strings.TrimSpace(string(out)), nil
}

func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	fail := func(err error) (*pulumirpc.RunResponse, error) { return &pulumirpc.RunResponse{Error: err.Error()}, nil }
	node, err := exec.LookPath("node")
	if err != nil {
		return fail(fmt.Errorf("could not find node on the $PATH: %w", err))
	}
	info := req.GetInfo()
	if info == nil {
		return fail(errors.New("the engine sent no program info"))
	}
	opts, err := parseOptions(info)
	if err != nil {
		return fail(err)
	}
	runPath, err := resolveModule(node, "@pulumi/pulumi/cmd/run", info.ProgramDirectory)
	if err != nil {
		return fail(err)
	}

	args := append([]string{}, opts.nodeargs...)
	args = append(args, runPath)
	flagArg := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name, value)
		}
	}
	flagArg("monitor", req.GetMonitorAddress())
	flagArg("engine", h.engineAddress)
	flagArg("organization", req.GetOrganization())
	flagArg("project", req.GetProject())
	flagArg("root-directory", info.RootDirectory)
	flagArg("stack", req.GetStack())
	flagArg("pwd", info.ProgramDirectory)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	flagArg("parallel", strconv.Itoa(int(req.GetParallel())))
	args = append(args, info.EntryPoint)
	args = append(args, req.GetArgs()...)

	// The SDK reads config keys in the old "<namespace>:config:<name>" form as well as the new one; like Pulumi's
	// host, hand it the old form so that any @pulumi/pulumi reads it.
	configMap := map[string]string{}
	for k, v := range req.GetConfig() {
		key, err := config.ParseKey(k)
		if err != nil {
			return fail(err)
		}
		configMap[key.Namespace()+":config:"+key.Name()] = v
	}
	configJSON, err := json.Marshal(configMap)
	if err != nil {
		return fail(err)
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return fail(err)
	}

	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Env = append(os.Environ(), "PULUMI_CONFIG="+string(configJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON))
	cmd.Env = append(cmd.Env, opts.env()...)
	// Wrapped so that exec copies through a pipe: Node may switch a file descriptor it is handed to non-blocking.
	cmd.Stdout = struct{ *os.File }{os.Stdout}
	cmd.Stderr = struct{ *os.File }{os.Stderr}
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitAfterActionableMessage {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return fail(fmt.Errorf("Program exited with non-zero exit code: %d", exitErr.ExitCode()))
		}
		return fail(fmt.Errorf("could not run the program: %w", err))
	}
	return &pulumirpc.RunResponse{}, nil
}

// RunPlugin starts a policy pack (the only kind of Node.js plugin the tests run) as Pulumi's host does: the SDK's
// policy-pack runner in the pack's folder, its stack configuration taken from the engine through sdk.PolicyProxy.
func (h *languageHost) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	if req.Kind != string(apitype.AnalyzerPlugin) {
		return fmt.Errorf("this language host runs policy packs only, not %q plugins", req.Kind)
	}
	ctx := server.Context()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()
	node, err := exec.LookPath("node")
	if err != nil {
		return err
	}
	info := req.GetInfo()
	opts, err := parseOptions(info)
	if err != nil {
		return err
	}
	runPath, err := resolveModule(node, "@pulumi/pulumi/cmd/run-policy-pack", info.ProgramDirectory)
	if err != nil {
		return err
	}
	args := append([]string{runPath}, opts.nodeargs...)
	args = append(args, req.Args...)
	args = append(args, info.ProgramDirectory)
	env := append(append([]string{}, req.Env...), opts.env()...)

	proxy, proxyStdout, err := sdk.NewPolicyProxy(ctx, stdout)
	if err != nil {
		return fmt.Errorf("could not start the policy pack proxy: %w", err)
	}
	stack, err := proxy.AwaitConfiguration(ctx)
	if err != nil {
		return fmt.Errorf("could not get the stack configuration: %w", err)
	}
	if stack != nil {
		setEnv := func(k, v string) {
			if v != "" {
				env = append(env, k+"="+v)
			}
		}
		setEnv("PULUMI_NODEJS_ORGANIZATION", stack.Organization)
		setEnv("PULUMI_NODEJS_PROJECT", stack.Project)
		setEnv("PULUMI_NODEJS_STACK", stack.Stack)
		setEnv("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(stack.DryRun))
		if stack.Config != nil {
			configJSON, err := json.Marshal(stack.Config)
			if err != nil {
				return err
			}
			setEnv("PULUMI_CONFIG", string(configJSON))
		}
	}

	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = info.ProgramDirectory
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = proxyStdout, stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not start the policy pack: %w", err)
	}
	if err := proxy.Attach(ctx, cmd); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return fmt.Errorf("the policy pack exited with code %d", exitErr.ExitCode())
		}
		return err
	}
	return closer.Close()
}
