LambdaLR(lr_lambda=lambda e: min(1.0, (e + 1) / 5) * math.cos(math.pi * e / 20))
