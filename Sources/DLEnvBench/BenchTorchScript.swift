/// The torch side of `dlenv bench` (a copy of scripts/bench/torch_bench.py; `BenchTorchScriptTests` keeps
/// them equal). Embedded so that a copied binary can still compare against torch.
public enum BenchTorchScript {
    /// The script's text, byte for byte.
    public static let source = #"""
        #!/usr/bin/env python3
        """The torch side of `dlenv bench`: the same workloads, the same units, measured the same way (best of N).

        Written by `dlenv bench --emit-torch-script FILE` (this file is the committed copy; a test keeps them equal).
        Usage: python3 torch_bench.py [--quick] [--only NAME,...]   Prints one JSON object on stdout.
               python3 torch_bench.py --serve [--quick]   The mode `dlenv bench` uses, so torch is imported once per run:
                   prints {"torch", "threads", "cpu_capability"} as one JSON line, then answers each benchmark name read
                   from stdin (one per line) with one JSON line {"name": NAME, "value": RATE} or {"name": NAME,
                   "error": WHY}; exits at the end of stdin.
        """
        import json
        import sys
        import time

        try:
            import torch
            import torch.nn.functional as F
        except ImportError as e:
            print("cannot import torch: %s" % e, file=sys.stderr)
            print(json.dumps({"error": "cannot import torch: %s" % e}), flush=True)
            sys.exit(1)

        QUICK = "--quick" in sys.argv
        SERVE = "--serve" in sys.argv
        ONLY = None
        if "--only" in sys.argv:
            ONLY = set(sys.argv[sys.argv.index("--only") + 1].split(","))


        def best(fn, reps, inner=1):
            """Best seconds per call of fn over reps rounds of inner calls (after one warm-up round)."""
            for _ in range(inner):
                fn()
            times = []
            for _ in range(reps):
                t0 = time.perf_counter()
                for _ in range(inner):
                    fn()
                times.append((time.perf_counter() - t0) / inner)
            return min(times)


        def gemm(n, dtype):
            a = torch.rand(n, n, dtype=dtype)
            b = torch.rand(n, n, dtype=dtype)
            s = best(lambda: torch.mm(a, b), 3 if QUICK else 5)
            return 2.0 * n ** 3 / s / 1e9


        def elementwise(fn):
            x = torch.randn(16 * 1024 * 1024)
            s = best(lambda: fn(x), 3 if QUICK else 5)
            return x.numel() / s / 1e6


        def mlp_step():
            torch.manual_seed(0)
            model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256),
                                        torch.nn.ReLU(), torch.nn.Linear(256, 10))
            opt = torch.optim.SGD(model.parameters(), lr=0.01)
            x = torch.randn(128, 784)
            y = torch.randint(0, 10, (128,))

            def step():
                opt.zero_grad()
                loss = F.cross_entropy(model(x), y)
                loss.backward()
                opt.step()
            return 1.0 / best(step, 3 if QUICK else 5, inner=5 if QUICK else 20)


        def tiny_mlp_step():
            torch.manual_seed(0)
            model = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
            opt = torch.optim.SGD(model.parameters(), lr=0.1)
            x = torch.randn(4, 2)
            y = torch.randn(4, 1)

            def step():
                opt.zero_grad()
                loss = F.mse_loss(model(x), y)
                loss.backward()
                opt.step()
            return 1.0 / best(step, 3 if QUICK else 5, inner=200 if QUICK else 1000)


        def jobs(sizes):
            """The benchmarks by name, in dlenv's order."""
            table = {}
            for n in sizes:
                table[f"sgemm_{n}"] = lambda n=n: gemm(n, torch.float32)
                table[f"dgemm_{n}"] = lambda n=n: gemm(n, torch.float64)
            table["relu_16m"] = lambda: elementwise(torch.relu)
            table["gelu_16m"] = lambda: elementwise(F.gelu)
            table["sigmoid_16m"] = lambda: elementwise(torch.sigmoid)
            table["mlp_step"] = mlp_step
            table["tiny_mlp_step"] = tiny_mlp_step
            return table


        def header():
            return {"torch": torch.__version__, "threads": torch.get_num_threads(),
                    "cpu_capability": torch.backends.cpu.get_cpu_capability()}


        def serve():
            """One JSON line per benchmark name read from stdin; torch stays imported between requests."""
            table = jobs([256, 512, 1024, 2048])
            print(json.dumps(header()), flush=True)
            while True:
                line = sys.stdin.readline()
                if not line:
                    return
                name = line.strip()
                if not name:
                    continue
                if name not in table:
                    answer = {"name": name, "error": "unknown benchmark"}
                else:
                    try:
                        answer = {"name": name, "value": table[name]()}
                    except Exception as e:  # one failed workload is an answer, not the end of the server
                        answer = {"name": name, "error": "%s: %s" % (type(e).__name__, e)}
                print(json.dumps(answer), flush=True)


        def main():
            if SERVE:
                serve()
                return
            results = {}
            for name, fn in jobs([256, 1024] if QUICK else [256, 512, 1024, 2048]).items():
                if ONLY is None or name in ONLY:
                    results[name] = fn()
            print(json.dumps(dict(header(), results=results)))


        if __name__ == "__main__":
            main()

        """#
}
