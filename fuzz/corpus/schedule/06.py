MultiStepLR(milestones=[3, 6], gamma=0.1)
