OneCycleLR(max_lr=0.1, total_steps=100)
