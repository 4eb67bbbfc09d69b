var builder = DistributedApplication.CreateBuilder(args);
