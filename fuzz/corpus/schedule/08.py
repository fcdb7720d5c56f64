ChainedScheduler([ConstantLR(factor=0.5, total_iters=3), ExponentialLR(gamma=0.9)])
