CosineAnnealingWarmRestarts(T_0=5, T_mult=2)
