CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=4)
