"""The evaluator's workspace (评价工作台): evaluations set up by a bureau or department, built by evaluators."""
