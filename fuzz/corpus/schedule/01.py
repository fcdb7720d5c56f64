StepLR(step_size=3, gamma=0.5)
