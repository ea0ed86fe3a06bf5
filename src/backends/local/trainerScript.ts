/**
 * The Hugging Face Trainer script a local fine-tuning job runs in the user's Python environment (one that has
 * torch, transformers and datasets). It reads its settings from the JSON file named as its argument, prints the
 * Trainer's log lines as it trains (unbuffered), saves the model and tokenizer to `<output>/model`, and prints
 * the final validation (`eval_…`) and test (`test_…`) metrics as one `FM_METRICS {json}` line, which the job reads back. The
 * Trainer's log lines (`{'loss': 0.69, 'epoch': 0.5}`, `disable_tqdm` makes it print them) are the job's curves
 * (`core/metrics/metricHistory.ts`).
 *
 * Its parts that need no machine-learning package are plain functions above `main()`, which alone imports
 * transformers: reading and checking the settings (`read_config`), which parts of the data there are
 * (`data_files`), the label maps over every part (`label_maps`, with labels seen only outside training named), and
 * where a run stopped (`last_checkpoint`: a checkpoint is kept each epoch, so running the script again in the job
 * folder, `python train.py train-config.json`, resumes after the last finished epoch). The unit tests run those,
 * and `main()` against stand-in modules, with the system's Python (`test/unit/backends/trainerScript.test.ts`).
 */
export const TEXT_CLASSIFICATION_TRAINER = String.raw`
import inspect, json, os, re, sys

NUMBER, WHOLE, TEXT = ((int, float), "a number"), (int, "a whole number"), (str, "text")
REQUIRED = {"model": TEXT, "train": TEXT, "output": TEXT, "epochs": NUMBER, "learning_rate": NUMBER,
            "batch_size": WHOLE, "max_length": WHOLE, "seed": WHOLE}


class ConfigError(Exception):
    """The settings file cannot be used; the message says which setting and why."""


def read_config(path):
    """The settings of the run, checked: every required key with a value of its type, files that exist."""
    try:
        with open(path, encoding="utf-8") as handle:
            config = json.load(handle)
    except (OSError, ValueError) as error:
        raise ConfigError(f"cannot read the settings file {path}: {error}")
    if not isinstance(config, dict):
        raise ConfigError(f"{path} must hold a JSON object of settings")
    for key, (kind, described) in REQUIRED.items():
        if key not in config:
            raise ConfigError(f"{path} has no {key}")
        if isinstance(config[key], bool) or not isinstance(config[key], kind):
            raise ConfigError(f"{key} is {json.dumps(config[key])}, not {described}")
    for key in ("epochs", "learning_rate", "batch_size", "max_length"):
        if config[key] <= 0:
            raise ConfigError(f"{key} must be above 0, not {config[key]}")
    for part in ("train", "validation", "test"):
        if config.get(part) and not os.path.isfile(config[part]):
            raise ConfigError(f"the {part} file {config[part]} does not exist")
    return config


def data_files(config):
    """The parts of the data to load: training always, validation and test when the job has them."""
    files = {"train": config["train"]}
    for part in ("validation", "test"):
        if config.get(part):
            files[part] = config[part]
    return files


def read_labels(path):
    """The labels of a canonical JSON Lines file (one record a line, its class under "label")."""
    labels = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                record = json.loads(line)
                if "label" not in record:
                    raise ConfigError(f"{path} line {number} has no label")
                labels.append(str(record["label"]))
    return labels


def label_maps(files):
    """label2id and id2label over every part, sorted; and the labels no training record has (they cannot be learnt)."""
    by_part = {part: read_labels(path) for part, path in files.items()}
    labels = sorted({label for part in by_part.values() for label in part})
    unseen = sorted(set(labels) - set(by_part["train"]))
    return {label: i for i, label in enumerate(labels)}, dict(enumerate(labels)), unseen


def last_checkpoint(folder):
    """The newest checkpoint-N folder Trainer left in folder (to resume from), or None."""
    if not os.path.isdir(folder):
        return None
    steps = [(int(match.group(1)), name) for name in os.listdir(folder)
             if (match := re.fullmatch(r"checkpoint-(\d+)", name)) and os.path.isdir(os.path.join(folder, name))]
    return os.path.join(folder, max(steps)[1]) if steps else None


def main(argv):
    if len(argv) != 2:
        print("usage: train.py SETTINGS.json", file=sys.stderr)
        return 2
    try:
        config = read_config(argv[1])
        files = data_files(config)
        label2id, id2label, unseen = label_maps(files)
    except ConfigError as error:
        print(f"Cannot train: {error}.", file=sys.stderr)
        return 2

    import numpy as np
    from datasets import load_dataset
    from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding, Trainer,
                              TrainingArguments, set_seed)

    set_seed(config["seed"])
    data = load_dataset("json", data_files=files)
    print(", ".join(f"{len(data[part])} {part} records" for part in data) + f"; labels: {', '.join(id2label.values())}", flush=True)
    if unseen:
        print(f"warning: no training record has the label {', '.join(unseen)}: the model cannot learn it", flush=True)

    tokenizer = AutoTokenizer.from_pretrained(config["model"])
    pairs = "sentence2" in data["train"].column_names

    def encode(batch):
        encoded = tokenizer(batch["sentence"], batch["sentence2"] if pairs else None, truncation=True, max_length=config["max_length"])
        encoded["labels"] = [label2id[str(label)] for label in batch["label"]]
        return encoded

    data = data.map(encode, batched=True, remove_columns=data["train"].column_names)
    model = AutoModelForSequenceClassification.from_pretrained(
        config["model"], num_labels=len(label2id), id2label=id2label, label2id=label2id, ignore_mismatched_sizes=True)

    def metrics(prediction):
        predicted = np.argmax(prediction.predictions, axis=-1)
        return {"accuracy": float((predicted == prediction.label_ids).mean())}

    checkpoints = config["output"] + "/checkpoints"
    # transformers renamed evaluation_strategy to eval_strategy (4.41); pass whichever this version takes.
    strategy = "eval_strategy" if "eval_strategy" in inspect.signature(TrainingArguments).parameters else "evaluation_strategy"
    arguments = TrainingArguments(
        output_dir=checkpoints, num_train_epochs=config["epochs"], learning_rate=config["learning_rate"],
        per_device_train_batch_size=config["batch_size"], per_device_eval_batch_size=config["batch_size"], seed=config["seed"],
        save_strategy="epoch", save_total_limit=1, logging_steps=10, report_to=[], disable_tqdm=True,
        **{strategy: "epoch" if "validation" in data else "no"})
    trainer = Trainer(model=model, args=arguments, train_dataset=data["train"], eval_dataset=data.get("validation"),
                      data_collator=DataCollatorWithPadding(tokenizer), compute_metrics=metrics)
    resume = last_checkpoint(checkpoints)
    if resume:
        print(f"Resuming from {resume}", flush=True)
    trainer.train(resume_from_checkpoint=resume)
    result = trainer.evaluate() if "validation" in data else {}
    if "test" in data:
        # The held-out test part, scored once after training: its metrics keep their test_ prefix.
        result.update(trainer.evaluate(data["test"], metric_key_prefix="test"))
    trainer.save_model(config["output"] + "/model")
    tokenizer.save_pretrained(config["output"] + "/model")
    print("FM_METRICS " + json.dumps({key: value for key, value in result.items() if isinstance(value, (int, float))}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
`;

/** Prints which of the modules a fine-tuning run needs are importable, as JSON. */
export const ENVIRONMENT_PROBE = String.raw`
import importlib.util, json, sys
print(json.dumps({"python": sys.version.split()[0], "modules": {m: importlib.util.find_spec(m) is not None for m in ["torch", "transformers", "datasets", "accelerate"]}}))
`;
