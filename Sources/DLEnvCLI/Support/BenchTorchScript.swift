/// The torch side of `dlenv bench` (a copy of scripts/bench/torch_bench.py; `BenchCommandTests` keeps
/// them equal). Embedded so that a copied binary can still compare against torch.
enum BenchTorchScript {
    static let source = #"""
        #!/usr/bin/env python3
        """The torch side of `dlenv bench`: the same workloads, the same units, measured the same way (best of N).

        Written by `dlenv bench --emit-torch-script FILE` (this file is the committed copy; a test keeps them equal).
        Usage: python3 torch_bench.py [--quick] [--only NAME,...]   Prints one JSON object on stdout.
        """
        import json
        import sys
        import time

        import torch
        import torch.nn.functional as F

        QUICK = "--quick" in sys.argv
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


        def main():
            sizes = [256, 1024] if QUICK else [256, 512, 1024, 2048]
            jobs = []
            for n in sizes:
                jobs.append((f"sgemm_{n}", lambda n=n: gemm(n, torch.float32)))
                jobs.append((f"dgemm_{n}", lambda n=n: gemm(n, torch.float64)))
            jobs += [("relu_16m", lambda: elementwise(torch.relu)), ("gelu_16m", lambda: elementwise(F.gelu)),
                     ("sigmoid_16m", lambda: elementwise(torch.sigmoid)), ("mlp_step", mlp_step),
                     ("tiny_mlp_step", tiny_mlp_step)]
            results = {}
            for name, fn in jobs:
                if ONLY is None or name in ONLY:
                    results[name] = fn()
            print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                              "cpu_capability": torch.backends.cpu.get_cpu_capability(), "results": results}))


        if __name__ == "__main__":
            main()

        """#
}
