PolynomialLR(total_iters=10, power=2.0)
